package io.syntropic137.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call the API and how often. {@code SYN_AUTH}: {@code required} (every route but health and the OpenAPI
 * document needs {@code Authorization: Bearer <token>}) or {@code off} (nothing is checked). Off is the default on
 * loopback, so a newcomer's first {@code ./syn serve} works without a token; a server listening beyond loopback always
 * requires tokens, and asking it not to is refused rather than silently ignored.
 * {@code SYN_RATE_LIMIT}: {@code RATE} or {@code RATE:BURST} requests per second per client (burst default twice the
 * rate), {@code 0} for no limit; default 200:400.
 */
public record AuthSettings(boolean tokensRequired, RateLimit rateLimit) {
    public static final String REQUIRED = "required";
    public static final String OFF = "off";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1");

    /** A token bucket's shape: refilled at {@code perSecond}, holding at most {@code burst}; perSecond 0 = no limit. */
    public record RateLimit(double perSecond, int burst) {
        public static final RateLimit DEFAULT = new RateLimit(200, 400);
        public static final RateLimit NONE = new RateLimit(0, 0);

        public boolean limited() {
            return perSecond > 0;
        }
    }

    /** Reads the settings; problems (each naming its setting) are added to {@code problems}. */
    public static AuthSettings fromEnvironment(Map<String, String> env, String host, List<String> problems) {
        boolean loopback = isLoopback(host);
        String mode = env.getOrDefault("SYN_AUTH", loopback ? OFF : REQUIRED).strip().toLowerCase(Locale.ROOT);
        boolean required = true;
        switch (mode) {
            case REQUIRED -> required = true;
            case OFF -> {
                required = false;
                if (!loopback) {
                    problems.add("SYN_AUTH=off is only allowed on loopback, but SYN_HOST=" + host + " listens beyond this "
                            + "machine: API tokens are required there. Unset SYN_AUTH (or set SYN_AUTH=required) and create a "
                            + "token with ./syn token create --name NAME, or set SYN_HOST=127.0.0.1");
                }
            }
            default -> problems.add("SYN_AUTH=" + env.get("SYN_AUTH") + " is not allowed: use required, or off (loopback only)");
        }
        return new AuthSettings(required, rateLimit(env.get("SYN_RATE_LIMIT"), problems));
    }

    /** True for addresses only this machine can reach; a name other than localhost is never assumed to be one. */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(h) || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static RateLimit rateLimit(String text, List<String> problems) {
        if (text == null) {
            return RateLimit.DEFAULT;
        }
        String hint = "SYN_RATE_LIMIT=" + text + " is not a rate limit: use RATE or RATE:BURST in requests per second "
                + "(e.g. 200:400; burst >= 1), or 0 for no limit";
        String[] parts = text.strip().split(":", -1);
        try {
            double rate = Double.parseDouble(parts[0]);
            if (parts.length == 1 && rate == 0) {
                return RateLimit.NONE;
            }
            int burst = parts.length == 2 ? Integer.parseInt(parts[1]) : (int) Math.max(1, Math.ceil(rate * 2));
            if (parts.length > 2 || !(rate > 0) || Double.isInfinite(rate) || burst < 1) {
                problems.add(hint);
                return RateLimit.DEFAULT;
            }
            return new RateLimit(rate, burst);
        } catch (NumberFormatException e) {
            problems.add(hint);
            return RateLimit.DEFAULT;
        }
    }

    public String describe() {
        return (tokensRequired ? "API tokens required" : "no API tokens required") + "; rate limit "
                + (rateLimit.limited() ? rateLimit.perSecond() + "/s per client, burst " + rateLimit.burst() : "off");
    }
}
