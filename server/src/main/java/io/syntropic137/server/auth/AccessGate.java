package io.syntropic137.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.server.Server;

import java.util.OptionalLong;
import java.util.Set;

/**
 * Runs before every request: takes one unit from the client's rate-limit bucket, then (when tokens are required)
 * checks the bearer token. A stream counts once, when it connects, since this runs once per request.
 */
public final class AccessGate {
    /**
     * Open without a token: probes must reach health, clients must be able to read how to authenticate, and GitHub
     * cannot send tokens (its deliveries are checked by their signature instead).
     */
    public static final Set<String> PUBLIC_PATHS = Set.of("/api/health", "/api/openapi.yaml", "/api/webhooks/github");
    private static final String CHALLENGE = "Bearer realm=\"syntropic137\"";

    private final AuthSettings settings;
    private final TokenStore tokens;
    private final RateLimiter limiter;

    public AccessGate(AuthSettings settings, TokenStore tokens) {
        this.settings = settings;
        this.tokens = tokens;
        this.limiter = new RateLimiter(settings.rateLimit());
    }

    public void register(RoutesConfig routes) {
        routes.before(this::check);
        routes.exception(Unauthorized.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", e.invalidToken ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE);
            Server.problem(ctx, 401, "unauthorized", "Unauthorized", e.getMessage());
        });
        routes.exception(RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
            Server.problem(ctx, 429, "rate-limited", "Too many requests", e.getMessage());
        });
    }

    private void check(Context ctx) {
        boolean needsToken = settings.tokensRequired() && !PUBLIC_PATHS.contains(ctx.path());
        Verdict verdict = needsToken ? tokens.authenticate(bearer(ctx)) : null;
        // a verified token is the client; otherwise its address. An unverified token never names the client, or
        // anyone could escape the limit by inventing a new one per request.
        String client = verdict instanceof Verdict.Valid valid ? "token " + valid.token().id() : "address " + ctx.ip();
        OptionalLong wait = limiter.acquire(client);
        if (wait.isPresent()) {
            throw new RateLimited(wait.getAsLong());
        }
        switch (verdict) {
            case null -> {
            }
            case Verdict.Valid ignored -> {
            }
            case Verdict.Missing ignored -> throw new Unauthorized("this server requires an API token: send "
                    + "Authorization: Bearer <token> (the CLI sends SYN_TOKEN; create one with ./syn token create --name NAME)", false);
            case Verdict.Unknown ignored -> throw new Unauthorized("the API token is not valid on this server", true);
            case Verdict.Revoked revoked -> throw new Unauthorized("the API token " + revoked.token().id() + " ("
                    + revoked.token().name() + ") was revoked at " + revoked.token().revokedAt().orElseThrow(), true);
        }
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        String h = header.strip();
        // the scheme is case-insensitive (RFC 9110); anything but Bearer counts as no token
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }

    static final class Unauthorized extends RuntimeException {
        private final boolean invalidToken;

        Unauthorized(String detail, boolean invalidToken) {
            super(detail);
            this.invalidToken = invalidToken;
        }
    }

    static final class RateLimited extends RuntimeException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super("too many requests from this client: retry after " + retryAfterSeconds + " s (SYN_RATE_LIMIT)");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
