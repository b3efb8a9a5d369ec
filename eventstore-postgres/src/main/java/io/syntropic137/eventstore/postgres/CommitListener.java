package io.syntropic137.eventstore.postgres;

import io.syntropic137.eventstore.support.CommitSignal;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Holds one connection in LISTEN on the commit channel and wakes local subscriptions whenever any process
 * commits events. After a lost connection it reconnects and wakes everyone once, since notifications sent
 * meanwhile are gone; subscriptions then re-read from their positions, so nothing is missed.
 */
final class CommitListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitListener.class);

    private final PostgresEventStoreConfig config;
    private final CommitSignal signal;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    CommitListener(PostgresEventStoreConfig config, CommitSignal signal, String name) {
        this.config = config;
        this.signal = signal;
        this.connection = connect(); // fail fast at open when the server is unreachable
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    private Connection connect() {
        try {
            Properties properties = new Properties();
            if (config.user() != null) {
                properties.setProperty("user", config.user());
            }
            if (config.password() != null) {
                properties.setProperty("password", config.password());
            }
            Connection c = DriverManager.getConnection(config.jdbcUrl(), properties);
            try (Statement statement = c.createStatement()) {
                statement.execute("LISTEN " + PostgresEventStore.CHANNEL);
            }
            return c;
        } catch (SQLException e) {
            throw new io.syntropic137.eventstore.EventStoreException(
                    "cannot LISTEN for commits on " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private void run() {
        long failures = 0;
        while (running) {
            try {
                if (connection == null) {
                    connection = connect();
                    signal.signal();
                    LOG.info("commit listener reconnected");
                }
                var notifications = connection.unwrap(PGConnection.class).getNotifications(500);
                failures = 0;
                if (notifications != null && notifications.length > 0) {
                    signal.signal();
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failures++;
                LOG.warn("commit listener lost its connection (attempt {}), subscriptions fall back to polling: {}",
                        failures, e.toString());
                closeConnection();
                sleep(Math.min(5_000, 200L * failures));
            }
        }
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken; nothing left to release
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
