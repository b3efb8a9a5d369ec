package io.syntropic137.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code syn config}: the client's own settings as it resolved them (where the server is, whether a token will be
 * sent, and from where), so a wrong address or a missing token is seen before the first failing command. The token
 * itself is never printed.
 */
@Command(name = "config", description = "Show the CLI's settings: server address and API token (never its value).")
final class ConfigCommand extends ApiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        SynCli root = root();
        String serverSource = root.server != null && !root.server.isBlank() ? "--server"
                : System.getenv("SYN_SERVER") != null && !System.getenv("SYN_SERVER").isBlank() ? "SYN_SERVER" : "default";
        String token = root.token();
        String tokenSource = token == null ? "none" : root.token != null && !root.token.isBlank() ? "--token" : "SYN_TOKEN";
        if (json()) {
            ObjectNode node = ApiClient.JSON.createObjectNode();
            node.put("server", root.serverAddress());
            node.put("server_from", serverSource);
            node.put("token_set", token != null);
            node.put("token_from", tokenSource);
            printJson(node);
            return ExitCodes.OK;
        }
        out().println("server  " + root.serverAddress() + "  (from " + serverSource + ")");
        out().println("token   " + (token == null ? "not set (a loopback server in development mode needs none; "
                + "else set SYN_TOKEN)" : "set (from " + tokenSource + ")"));
        out().flush();
        return ExitCodes.OK;
    }
}
