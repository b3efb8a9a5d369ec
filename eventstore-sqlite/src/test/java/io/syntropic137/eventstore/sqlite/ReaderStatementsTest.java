package io.syntropic137.eventstore.sqlite;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderStatementsTest {
    private final ReaderStatements statements = new ReaderStatements();

    @Test
    void aStatementIsCompiledOncePerConnectionAndReusedAcrossBorrowings() throws Exception {
        try (Connection first = DriverManager.getConnection("jdbc:sqlite::memory:");
             Connection second = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PreparedStatement once = statements.prepare(first, "SELECT ? + 1");
            assertThat(statements.prepare(first, "SELECT ? + 1")).isSameAs(once);
            assertThat(statements.prepare(second, "SELECT ? + 1")).isNotSameAs(once);
            for (int value : new int[]{1, 41}) {
                PreparedStatement statement = statements.prepare(first, "SELECT ? + 1");
                statement.setInt(1, value);
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(value + 1);
                }
            }
        }
    }

    @Test
    void aConnectionKeepsAtMostItsLimitAndClosesTheOneUsedLongestAgo() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PreparedStatement oldest = statements.prepare(connection, "SELECT 0");
            PreparedStatement recent = statements.prepare(connection, "SELECT 1");
            for (int i = 2; i < ReaderStatements.MAX_PER_CONNECTION; i++) {
                statements.prepare(connection, "SELECT " + i);
            }
            assertThat(statements.prepare(connection, "SELECT 1")).isSameAs(recent); // used again: now the most recent
            assertThat(oldest.isClosed()).isFalse();
            statements.prepare(connection, "SELECT " + ReaderStatements.MAX_PER_CONNECTION);
            assertThat(oldest.isClosed()).isTrue();
            assertThat(recent.isClosed()).isFalse();
            assertThat(statements.prepare(connection, "SELECT 0")).as("prepared again once evicted").isNotSameAs(oldest);
        }
    }

    @Test
    void aClosedStatementIsPreparedAgain() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PreparedStatement statement = statements.prepare(connection, "SELECT 1");
            statement.close();
            assertThat(statements.prepare(connection, "SELECT 1")).isNotSameAs(statement);
        }
    }
}
