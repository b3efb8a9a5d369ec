package io.syntropic137.server.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.syntropic137.server.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API tokens, stored durably beside the server's other data: on the embedded default a small SQLite file
 * {@code <dataDir>/auth.db} (kept apart from the event store, because tokens are credentials, not domain history),
 * on PostgreSQL a table in the same database. One SQL text serves both (timestamps as ISO-8601 text for that reason).
 *
 * <p>Only the SHA-256 of a token is stored. A plain hash (no salt, no slow KDF) is enough here because a token is
 * 238 random bits, not a password a person chose: there is no dictionary to try and no way to brute-force a
 * preimage, so a stolen table yields nothing usable. It also lets a token be found by its hash with an index lookup.
 */
public final class TokenStore implements AutoCloseable {
    public static final String PREFIX = "syn_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 40 base62 characters: about 238 bits of randomness. */
    private static final int SECRET_LENGTH = 40;
    /** Recording every use would make each request a write; once a minute per token is precise enough. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final String TABLE = "syn_api_tokens";

    private final HikariDataSource pool;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastUseRecorded = new ConcurrentHashMap<>();

    private TokenStore(HikariDataSource pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        createTableIfMissing();
    }

    /** The token store of a server configuration (the same settings the server reads). */
    public static TokenStore open(ServerConfig config, Clock clock) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("api-tokens");
        hikari.setMaximumPoolSize(2);
        if (config.postgres().isPresent()) {
            var pg = config.postgres().get();
            hikari.setJdbcUrl(pg.jdbcUrl());
            hikari.setUsername(pg.user());
            hikari.setPassword(pg.password());
        } else {
            Path file = authFile(config);
            try {
                Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory " + file.getParent() + " (SYN_DATA_DIR): "
                        + e.getMessage(), e);
            }
            hikari.setJdbcUrl("jdbc:sqlite:" + file);
            // another process (the admin command) may write while the server reads: wait for its lock, do not fail
            hikari.addDataSourceProperty("busy_timeout", "5000");
            hikari.addDataSourceProperty("journal_mode", "WAL");
        }
        return new TokenStore(new HikariDataSource(hikari), clock);
    }

    public static Path authFile(ServerConfig config) {
        return config.dataDirectory().resolve("auth.db");
    }

    private void createTableIfMissing() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    + "token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)");
        } catch (SQLException e) {
            throw new IllegalStateException("the API token table could not be created: " + e.getMessage(), e);
        }
    }

    /** Creates a token; the result holds its plain text, which exists nowhere else afterwards. */
    public IssuedToken create(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a token needs a name of 1-100 characters (what or who uses it)");
        }
        String plain = PREFIX + randomText(SECRET_LENGTH);
        ApiToken token = new ApiToken("tok_" + randomText(12), name.strip(), clock.instant(), Optional.empty(), Optional.empty());
        sql(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, token.id());
                insert.setString(2, token.name());
                insert.setString(3, hash(plain));
                insert.setString(4, token.createdAt().toString());
                insert.executeUpdate();
            }
            return null;
        });
        return new IssuedToken(token, plain);
    }

    /** Every token, oldest first, revoked ones included (with their revocation time). */
    public List<ApiToken> list() {
        return sql(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, name, created_at, last_used_at, revoked_at FROM "
                    + TABLE + " ORDER BY created_at, id"); ResultSet rows = select.executeQuery()) {
                List<ApiToken> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(token(rows));
                }
                return tokens;
            }
        });
    }

    /** True when at least one token is not revoked (the start-up hint is shown only when none is). */
    public boolean hasUsableToken() {
        return list().stream().anyMatch(t -> !t.revoked());
    }

    /** Revokes a token (revoking it again keeps the first revocation time); empty when no token has this id. */
    public Optional<ApiToken> revoke(String id) {
        return sql(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                    + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setString(1, clock.instant().toString());
                update.setString(2, id);
                update.executeUpdate();
            }
            return find(c, "id", id);
        });
    }

    /** What a presented token is; a valid one has its use recorded (at most once a minute). */
    public Verdict authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return new Verdict.Missing();
        }
        String presentedHash = hash(presented.strip());
        return sql(c -> {
            Optional<StoredToken> stored = findWithHash(c, presentedHash);
            // the lookup already matched on the hash; comparing again in constant time keeps this check's timing
            // independent of how much of the hash matched, whatever the database's comparison does
            if (stored.isEmpty() || !MessageDigest.isEqual(stored.get().hash().getBytes(StandardCharsets.US_ASCII),
                    presentedHash.getBytes(StandardCharsets.US_ASCII))) {
                return new Verdict.Unknown();
            }
            ApiToken token = stored.get().token();
            if (token.revoked()) {
                return new Verdict.Revoked(token);
            }
            recordUse(c, token);
            return new Verdict.Valid(token);
        });
    }

    private void recordUse(Connection c, ApiToken token) throws SQLException {
        Instant now = clock.instant();
        Instant last = lastUseRecorded.get(token.id());
        if (last != null && Duration.between(last, now).compareTo(LAST_USED_PRECISION) < 0) {
            return;
        }
        lastUseRecorded.put(token.id(), now);
        try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE + " SET last_used_at = ? WHERE id = ?")) {
            update.setString(1, now.toString());
            update.setString(2, token.id());
            update.executeUpdate();
        }
    }

    private record StoredToken(ApiToken token, String hash) {
    }

    private Optional<StoredToken> findWithHash(Connection c, String hash) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, name, created_at, last_used_at, revoked_at, token_hash FROM "
                + TABLE + " WHERE token_hash = ?")) {
            select.setString(1, hash);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new StoredToken(token(rows), rows.getString("token_hash"))) : Optional.empty();
            }
        }
    }

    private Optional<ApiToken> find(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, name, created_at, last_used_at, revoked_at FROM "
                + TABLE + " WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.empty();
            }
        }
    }

    private static ApiToken token(ResultSet row) throws SQLException {
        return new ApiToken(row.getString("id"), row.getString("name"), Instant.parse(row.getString("created_at")),
                Optional.ofNullable(row.getString("last_used_at")).map(Instant::parse),
                Optional.ofNullable(row.getString("revoked_at")).map(Instant::parse));
    }

    static String hash(String plain) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T sql(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("the API token store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
