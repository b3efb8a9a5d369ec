package io.syntropic137.workspaces;

import io.syntropic137.domain.orchestration.NetworkAccess;
import io.syntropic137.domain.orchestration.WorkspaceLimits;
import io.syntropic137.engine.port.ProcessSpec;
import io.syntropic137.engine.port.SandboxedProcess;
import io.syntropic137.engine.port.Workspace;
import io.syntropic137.engine.port.WorkspaceSpec;
import io.syntropic137.engine.port.WorkspaceSteps;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escape attempts from the bubblewrap sandbox, each of which must fail while the host stays unaffected. The test
 * directories live under the module's target directory, not /tmp, so that hiding the data directory is what
 * protects the secret (the sandbox's private /tmp would hide anything under /tmp anyway).
 */
class BubblewrapSandboxTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp");

    private Path dataDir;
    private Path outside;
    private BubblewrapWorkspaceProvider provider;
    private Workspace workspace;

    @BeforeAll
    static void bubblewrapWorks() {
        assertThat(BubblewrapWorkspaceProvider.unavailableReason()).as("bubblewrap must work on this machine").isNull();
    }

    @BeforeEach
    void createWorkspace() throws Exception {
        Path scratch = Files.createDirectories(Path.of("target", "sandbox-tests", UUID.randomUUID().toString())).toAbsolutePath();
        dataDir = Files.createDirectories(scratch.resolve("data"));
        outside = Files.createDirectories(scratch.resolve("outside"));
        Files.writeString(dataDir.resolve("secret.txt"), "host-secret-value");
        provider = new BubblewrapWorkspaceProvider(dataDir.resolve("workspaces"), List.of(dataDir));
        workspace = provider.create(new WorkspaceSpec("sbx", "e", "p", List.of(), "instructions", Map.of(), List.of(),
                Map.of(), new WorkspaceLimits(1000, 512, 64, 60, NetworkAccess.NONE)), WorkspaceSteps.IGNORE);
    }

    @AfterEach
    void destroy() throws Exception {
        workspace.close();
        Directories.deleteTree(dataDir.getParent());
    }

    private ProcessOutput sh(String script) throws Exception {
        return ProcessOutput.of(workspace.start(new ProcessSpec(List.of("bash", "-c", script), ENV)), Duration.ofSeconds(30));
    }

    @Test
    void onlyTheWorkspaceIsWritable() throws Exception {
        ProcessOutput output = sh("echo inside > inside.txt; echo x > " + outside.resolve("escaped.txt") + "; echo rc=$?; "
                + "echo x > /etc/escaped.txt; echo rc=$?");
        assertThat(output.stdout()).contains("rc=1\nrc=1");
        assertThat(output.stderr()).contains("Read-only file system");
        assertThat(workspace.root().resolve("inside.txt")).hasContent("inside");
        assertThat(outside.resolve("escaped.txt")).doesNotExist();
        assertThat(Path.of("/etc/escaped.txt")).doesNotExist();
    }

    @Test
    void hostSecretsInHiddenDirectoriesAreUnreadable() throws Exception {
        ProcessOutput output = sh("cat " + dataDir.resolve("secret.txt") + "; ls -A " + dataDir + "; ls -A /root | wc -l");
        assertThat(output.stdout() + output.stderr()).doesNotContain("host-secret-value");
        assertThat(output.stderr()).contains("No such file or directory");
        // the data directory shows only the path down to the workspace; /root is an empty tmpfs
        assertThat(output.stdout()).isEqualTo("workspaces\n0\n");
    }

    @Test
    void noTcpConnectionReachesTheHost() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // the same probe reaches the server from the host, so a failure inside is the sandbox's doing
            Process onHost = new ProcessBuilder("bash", "-c", "echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected").start();
            assertThat(new String(onHost.getInputStream().readAllBytes())).contains("connected");

            ProcessOutput inside = sh("echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected; ip -o link 2>/dev/null | wc -l; true");
            assertThat(inside.stdout()).doesNotContain("connected");
            assertThat(inside.stderr()).containsAnyOf("Connection refused", "Network is unreachable");
        }
    }

    @Test
    void runsAsANonRootUserWithPrivateTmpAndNoHostProcessesInSight() throws Exception {
        Path hostTmpFile = Files.createTempFile("syn-host-visible", ".txt");
        try {
            // a checkout under /tmp (a clone in /tmp/x) brings the directory leading to the bound workspace along
            String workspaceTop = workspace.root().startsWith("/tmp/") ? workspace.root().getName(1).toString() : "";
            ProcessOutput output = sh("id -u; id -g; ls -A /tmp | grep -vxF '" + workspaceTop + "' | wc -l; "
                    + "echo sandbox > /tmp/from-sandbox-" + hostTmpFile.getFileName()
                    + "; ls /proc | grep -c '^[0-9]'; grep CapEff /proc/self/status; hostname");
            String[] lines = output.stdout().split("\n");
            assertThat(lines[0]).isEqualTo("1000");
            assertThat(lines[1]).isEqualTo("1000");
            assertThat(lines[2]).as("files in the sandbox's /tmp").isEqualTo("0");
            // bwrap's init, bash, ls and grep: the host's processes (this JVM among them) are not there
            assertThat(Integer.parseInt(lines[3])).isLessThanOrEqualTo(5);
            assertThat(lines[4]).isEqualTo("CapEff:\t0000000000000000");
            assertThat(lines[5]).isEqualTo("sandbox");
            assertThat(hostTmpFile.resolveSibling("from-sandbox-" + hostTmpFile.getFileName())).doesNotExist();
        } finally {
            Files.deleteIfExists(hostTmpFile);
        }
    }

    @Test
    void theCpuTimeLimitIsInForceInsideTheSandbox() throws Exception {
        // RLIMIT_CPU = the workspace's time limit × its cores (60 s × 1000 milli-CPUs here): the kernel kills a
        // process that spends more CPU time than that, a backstop behind the wall-clock watchdog
        long expected = 60L;
        ProcessOutput output = sh("ulimit -t; ulimit -Ht");
        assertThat(output.stdout().lines().toList()).containsExactly(Long.toString(expected), Long.toString(expected));
    }

    @Test
    void aForkBombHitsTheProcessLimitAndIsStoppedCleanly() throws Exception {
        SandboxedProcess bomb = workspace.start(new ProcessSpec(List.of("bash", "-c", "bomb() { bomb | bomb & }; bomb; sleep 60"), ENV));
        int most = 0;
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            most = Math.max(most, bomb.treePids().size());
            Thread.sleep(50);
        }
        var pids = bomb.treePids();
        System.out.println("fork bomb: largest process tree seen " + most);
        bomb.stop("TERM", Duration.ofMillis(200));

        // 64 sandboxed processes + bwrap's two + the moment's slack of a process counted while it exits
        assertThat(most).as("largest tree seen").isBetween(10, 70);
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessTree::running).orElse(false)).isFalse();
        }
        // the host still starts processes, and the workspace still runs new ones
        assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
        assertThat(sh("echo alive").stdout()).isEqualTo("alive\n");
    }

    @Test
    void exceedingTheMemoryLimitFailsTheAllocation() throws Exception {
        // doubles a string until memory runs out: far beyond 512 MB if nothing stopped it
        long started = System.nanoTime();
        ProcessOutput output = sh("awk 'BEGIN { s = \"x\"; while (1) s = s s }'; echo exit=$?");
        System.out.println("memory hog: " + output.stdout().strip() + " / " + output.stderr().strip());
        assertThat(output.stdout()).doesNotContain("exit=0").contains("exit=");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(sh("echo fine").stdout()).isEqualTo("fine\n");
    }

    @Test
    void theMemoryLimitHoldsForTheWholeTreeNotOnlyPerProcess() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Cgroups.detect().limitsMemory(),
                "the server cannot create memory cgroups here (not root, or cgroup v2): only per-process RLIMIT_DATA applies");
        // three processes of about 200 MB each: every one is under the per-process limit, together they exceed 512 MB
        ProcessOutput output = sh("for i in 1 2 3; do (awk 'BEGIN { s = sprintf(\"%200000000s\", \"\"); system(\"sleep 3\") }'; "
                + "echo rc=$?) & done; wait");
        System.out.println("tree memory: " + output.stdout().strip().replace('\n', ' '));
        assertThat(output.stdout()).contains("rc=137");
    }

    @Test
    void aUnixSocketBoundInIsReachableInside() throws Exception {
        // a short directory whatever the checkout's path: socket paths are limited to 107 bytes
        Path socketDir = Files.createTempDirectory("syn-s");
        Path socket = socketDir.resolve("api.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answer = Thread.ofVirtual().start(() -> {
                try (SocketChannel client = server.accept()) {
                    String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8)).readLine();
                    client.write(ByteBuffer.wrap(("pong:" + line + "\n").getBytes(StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the JDK running this test is on every machine that runs it, unlike socat or python
            String java = ProcessHandle.current().info().command().orElseThrow();
            Files.writeString(workspace.root().resolve("Probe.java"), """
                    import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.charset.*;
                    public class Probe { public static void main(String[] a) throws Exception {
                        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(a[0]))) {
                            c.write(ByteBuffer.wrap("ping\\n".getBytes(StandardCharsets.UTF_8)));
                            ByteBuffer b = ByteBuffer.allocate(100); c.read(b); b.flip();
                            System.out.print(StandardCharsets.UTF_8.decode(b)); } } }
                    """);
            SandboxedProcess probe = workspace.start(new ProcessSpec(List.of(java, "-Xmx64m", "-Xss512k",
                    "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=2", "Probe.java", socket.toString()), ENV, Path.of(""), List.of(socket)));
            ProcessOutput output = ProcessOutput.of(probe, Duration.ofSeconds(60));
            assertThat(output.stdout()).as("stderr: %s", output.stderr()).isEqualTo("pong:ping\n");
            answer.join();
        }
    }

    @Test
    void aServerRunningAsPidOneIsWarnedThatSandboxInitsStayUnreaped() {
        assertThat(BubblewrapWorkspaceProvider.reapingWarning(1)).get(InstanceOfAssertFactories.STRING)
                .contains("pid 1").contains("docker run --init");
        assertThat(BubblewrapWorkspaceProvider.reapingWarning(4242)).isEmpty();
    }
}
