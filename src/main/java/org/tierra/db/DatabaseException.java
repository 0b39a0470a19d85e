package org.tierra.db;

import java.io.Serial;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * An unchecked wrapper for {@link SQLException}, carrying the SQL that failed, so route handlers never
 * see JDBC exceptions.
 */
public final class DatabaseException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DatabaseException(String sql, SQLException cause) {
        super(cause.getMessage() + (sql == null ? "" : "\nSQL: " + sql.strip()), cause);
    }

    /** The SQLSTATE of the failure, e.g. {@code 23505} for a unique violation. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(((SQLException) getCause()).getSQLState());
    }

    /** True when the database could not be reached at all (connection refused, pool timeout, shutdown). */
    public boolean isUnavailable() {
        // The pool's own timeout carries no SQLSTATE when it never got a connection at all.
        return getCause() instanceof SQLTransientConnectionException
                || sqlState()
                        .map(state -> state.startsWith("08") || state.equals("57P01"))
                        .orElse(false);
    }
}
