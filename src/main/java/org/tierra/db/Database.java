package org.tierra.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tierra's connection pool on one PostGIS database, and the only way code reaches it.
 *
 * <p>{@link #inTransaction} is how every write runs: all or nothing. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    static {
        // Check every connection as it leaves the pool (one round trip on loopback), not only those idle
        // for 500 ms: after the database restarts, the first request must get a live connection rather
        // than fail on a dead one. Read once by HikariCP when its pool class loads.
        if (System.getProperty("com.zaxxer.hikari.aliveBypassWindowMs") == null) {
            System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
        }
    }

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens a pool on {@code jdbcUrl}; {@code user} and {@code password} may be null when in the URL. */
    public static Database connect(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tierra");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        // Fail fast when the database is down: /health must answer, not hang.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        // Start even if the database is briefly unreachable; /health reports it.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "tierra");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new Database(new HikariDataSource(config));
    }

    /** Applies the migrations packaged under {@code db/migration} and returns the schema version. */
    public String migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "Applied {} migration(s); schema is at version {}",
                    result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
        return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    }

    /** Work done with a connection; may throw {@link SQLException}, which is wrapped once. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection in autocommit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(null, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                connection.setAutoCommit(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackKeeping(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(null, e);
        }
    }

    /**
     * Rolls back after {@code failure} and restores autocommit for the pool. A connection the failure
     * broke (the server went away) cannot roll back; its error must not hide the one that matters.
     */
    public static void rollbackKeeping(Connection connection, Exception failure) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
