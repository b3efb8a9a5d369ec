package io.syntropic137.server.auth;

import io.syntropic137.server.ServerConfig;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code syn-server.jar token create|list|revoke}: manages API tokens directly in the server's store, with the
 * server's own settings (SYN_DATA_DIR, SYN_DATABASE_URL). This is how the first token is made: it cannot come over
 * HTTP, which needs a token. Whoever can run this can read the data directory or the database anyway.
 */
public final class TokenAdmin {
    static final String USAGE = """
            usage: syn token create --name NAME   create a token; it is printed once, only its hash is kept
                   syn token list                 list tokens (id, name, created, last used, revoked)
                   syn token revoke ID            revoke a token; requests with it are refused from then on
            Uses the server's settings (SYN_DATA_DIR, SYN_DATABASE_URL); run it on the server's machine.""";

    private TokenAdmin() {
    }

    /** Runs one admin command; returns the exit code (0 done, 1 failed, 2 usage, 5 no such token). */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        ServerConfig config;
        try {
            config = ServerConfig.fromEnvironment(env);
        } catch (ServerConfig.InvalidConfigException e) {
            err.println("syn token: " + e.getMessage());
            return 2;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try (TokenStore store = TokenStore.open(config, Clock.systemUTC())) {
            return switch (command) {
                case "create" -> create(store, rest, out, err);
                case "list" -> list(store, rest, out, err);
                case "revoke" -> revoke(store, rest, out, err);
                default -> usage(err, "unknown token command '" + command + "'");
            };
        } catch (IllegalStateException e) {
            err.println("syn token: " + e.getMessage());
            return 1;
        }
    }

    private static int create(TokenStore store, List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !args.get(0).equals("--name")) {
            return usage(err, "create needs --name NAME");
        }
        IssuedToken issued;
        try {
            issued = store.create(args.get(1));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        out.println(issued.plainText());
        err.println("created token " + issued.token().id() + " (" + issued.token().name() + "). It is shown only this once: "
                + "keep it, e.g. export SYN_TOKEN=<the token above>. Revoke it with ./syn token revoke " + issued.token().id());
        return 0;
    }

    private static int list(TokenStore store, List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            return usage(err, "list takes no arguments");
        }
        out.printf("%-18s %-24s %-24s %-24s %s%n", "ID", "NAME", "CREATED", "LAST USED", "REVOKED");
        for (ApiToken t : store.list()) {
            out.printf("%-18s %-24s %-24s %-24s %s%n", t.id(), t.name(), t.createdAt(),
                    t.lastUsedAt().map(Object::toString).orElse("-"), t.revokedAt().map(Object::toString).orElse("-"));
        }
        return 0;
    }

    private static int revoke(TokenStore store, List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            return usage(err, "revoke needs the token's ID (see ./syn token list)");
        }
        return store.revoke(args.getFirst()).map(t -> {
            out.println("revoked " + t.id() + " (" + t.name() + ") at " + t.revokedAt().orElseThrow());
            return 0;
        }).orElseGet(() -> {
            err.println("syn token: no token has the id " + args.getFirst() + " (see ./syn token list)");
            return 5;
        });
    }

    private static int usage(PrintStream err, String problem) {
        err.println("syn token: " + problem);
        err.println(USAGE);
        return 2;
    }
}
