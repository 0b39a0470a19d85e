package org.tierra.stewardship;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/**
 * What stewardship needs of a ground lease: its trust, code, status and the days it is in force.
 *
 * @param endsOn exclusive, as stored: the lease is in force until the day before
 * @param closedOn the day an assignment, termination or expiry closed it, exclusive like {@code endsOn}
 */
record LeaseTerm(
        long id,
        long trustId,
        String code,
        String status,
        LocalDate startsOn,
        LocalDate endsOn,
        Optional<LocalDate> closedOn) {

    /** The first day the lease no longer holds its land. */
    LocalDate endExclusive() {
        return closedOn.orElse(endsOn);
    }

    boolean draft() {
        return status.equals("draft");
    }

    /** Whether the lease was closed (assigned, terminated, expired or cancelled): nothing new hangs off it then. */
    boolean closed() {
        return !draft() && !status.equals("active");
    }

    private static final String FIND = """
            SELECT id, trust_id, code, status, starts_on, ends_on, closed_on FROM ground_lease WHERE id = ?
            """;

    static Optional<LeaseTerm> findLeaseTerm(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, leaseId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND, e);
        }
    }

    /** Reads the seven columns id, trust_id, code, status, starts_on, ends_on, closed_on from {@code first}. */
    static LeaseTerm read(ResultSet row, int first) throws SQLException {
        Date closed = row.getDate(first + 6);
        return new LeaseTerm(
                row.getLong(first),
                row.getLong(first + 1),
                row.getString(first + 2),
                row.getString(first + 3),
                row.getDate(first + 4).toLocalDate(),
                row.getDate(first + 5).toLocalDate(),
                Optional.ofNullable(closed).map(Date::toLocalDate));
    }
}
