package io.syntropic137.modelserver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link ModelServer} from the command line, e.g. as the offline model behind a demo:
 * <pre>
 *   ModelServerMain [--script FILE] [--session NAME=FILE]... [--port N] [--unix-socket PATH] [--log FILE]
 * </pre>
 * Prints {@code PORT=<n>} (and {@code UNIX_SOCKET=<path>}) once it accepts connections, then serves until the
 * process is stopped. Without {@code --script} the built-in demo script serves (Write hello.txt, run
 * {@code cat hello.txt}, answer).
 */
public final class ModelServerMain {

    static final String DEMO_SCRIPT = "demo-write-bash.json";
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--script", "--session", "--port", "--unix-socket", "--log");

    static final String USAGE = """
            usage: ModelServerMain [--script FILE] [--session NAME=FILE]... [--port N] [--unix-socket PATH] [--log FILE]
              --script FILE        the default script (default: the built-in demo, Write hello.txt -> Bash -> text)
              --session NAME=FILE  a script served under the base URL http://127.0.0.1:<port>/s/NAME (repeatable)
              --port N             listen on 127.0.0.1:N; 0 = any free port (default 0 unless only --unix-socket)
              --unix-socket PATH   also (or only) listen on this Unix domain socket
              --log FILE           append every request as a JSON line (secret headers redacted)
            prints PORT=<n> when ready""";

    private ModelServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ModelServer server;
        try {
            server = start(args, System.out);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (ScriptException | IOException e) {
            System.err.println("model-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "model-server-shutdown"));
        Thread.currentThread().join(); // serve until the process is stopped
    }

    /** Parses {@code args}, starts the server and prints where it listens; the caller closes it. */
    static ModelServer start(String[] args, PrintStream out) throws IOException {
        ScriptParser parser = new ScriptParser();
        ModelServer.Builder builder = ModelServer.builder();
        Integer port = null;
        Path unixSocket = null;
        boolean defaultScript = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            if (option.equals("--help") || option.equals("-h")) throw new UsageException("model-server: a scripted Anthropic Messages API");
            if (!OPTIONS.contains(option)) throw new UsageException("model-server: unknown option " + option);
            if (rest.isEmpty()) throw new UsageException("model-server: " + option + " needs a value");
            String value = rest.removeFirst();
            switch (option) {
                case "--script" -> {
                    builder.script(parser.parse(Path.of(value)));
                    defaultScript = true;
                }
                case "--session" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) throw new UsageException("model-server: --session wants NAME=FILE, got " + value);
                    builder.script(value.substring(0, equals), parser.parse(Path.of(value.substring(equals + 1))));
                }
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new UsageException("model-server: --port wants a number, got " + value);
                    }
                }
                case "--unix-socket" -> unixSocket = Path.of(value);
                case "--log" -> builder.log(Path.of(value));
                default -> throw new UsageException("model-server: unknown option " + option);
            }
        }
        if (!defaultScript) builder.script(parser.parseResource(DEMO_SCRIPT));
        if (port == null && unixSocket == null) port = 0;
        if (port != null) builder.tcpPort(port);
        if (unixSocket != null) builder.unixSocket(unixSocket);
        ModelServer server = builder.start();
        if (port != null) out.println("PORT=" + server.tcpPort());
        if (unixSocket != null) out.println("UNIX_SOCKET=" + unixSocket.toAbsolutePath());
        out.flush();
        return server;
    }

    /** Bad command-line arguments: printed with the usage text. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
