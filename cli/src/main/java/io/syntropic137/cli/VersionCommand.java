package io.syntropic137.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code syn version}: the CLI's version (the server has no version route yet). */
@Command(name = "version", description = "Print the CLI's version.")
final class VersionCommand extends ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        out().println("syn " + version());
        out().flush();
        return ExitCodes.OK;
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/syn-cli.properties")) {
            if (in == null) {
                return "unknown (syn-cli.properties missing from the build)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new IllegalStateException("the version resource could not be read", e);
        }
    }

    /** For {@code syn --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"syn " + version()};
        }
    }
}
