package io.syntropic137.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A throwaway database on the real PostgreSQL server, created for one test class and dropped after it.
 * The server is found through {@code SYN_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/})
 * and {@code SYN_TEST_PG_USER} / {@code SYN_TEST_PG_PASSWORD} (default user {@code postgres}). When it cannot
 * be reached the test fails and says which setting to fix; it is never skipped.
 */
public final class PostgresTestDatabase implements AutoCloseable {
    public static final String URL_SETTING = "SYN_TEST_PG_URL";
    public static final String USER_SETTING = "SYN_TEST_PG_USER";
    public static final String PASSWORD_SETTING = "SYN_TEST_PG_PASSWORD";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    private PostgresTestDatabase(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates a fresh, empty database whose name starts with {@code prefix}. */
    public static PostgresTestDatabase create(String prefix) {
        return create(prefix, "");
    }

    /** As {@link #create(String)}, with {@code options} appended to its CREATE DATABASE (e.g. a collation). */
    public static PostgresTestDatabase create(String prefix, String options) {
        String serverUrl = setting(URL_SETTING, "jdbc:postgresql://127.0.0.1:5432/");
        if (!serverUrl.endsWith("/")) {
            serverUrl = serverUrl + "/";
        }
        String user = setting(USER_SETTING, "postgres");
        String password = setting(PASSWORD_SETTING, "");
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        PostgresTestDatabase database = new PostgresTestDatabase(serverUrl, user, password, name);
        database.admin("CREATE DATABASE " + name + (options.isBlank() ? "" : " " + options));
        return database;
    }

    public String jdbcUrl() {
        return serverUrl + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl + "postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not usable at " + serverUrl + " as user '" + user
                    + "' (" + e.getMessage() + "). Start the server (see README: Development) or point "
                    + URL_SETTING + " / " + USER_SETTING + " / " + PASSWORD_SETTING + " at one.", e);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
