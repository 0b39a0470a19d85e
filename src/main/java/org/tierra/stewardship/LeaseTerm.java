package org.tierra.stewardship;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import org.tierra.leases.LeaseStatus;

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
        LeaseStatus status,
        LocalDate startsOn,
        LocalDate endsOn,
        Optional<LocalDate> closedOn) {

    /** The first day the lease no longer holds its land. */
    LocalDate endExclusive() {
        return closedOn.orElse(endsOn);
    }

    boolean draft() {
        return status.editable();
    }

    /** Whether the lease was closed (assigned, terminated, expired or cancelled): nothing new hangs off it then. */
    boolean closed() {
        return !draft() && !status.inForce();
    }

    static Optional<LeaseTerm> findLeaseTerm(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT id AS lease_id, trust_id AS lease_trust_id, code AS lease_code, status AS lease_status,
                               starts_on AS lease_starts_on, ends_on AS lease_ends_on, closed_on AS lease_closed_on
                        FROM ground_lease
                        WHERE id = :lease
                        """).bind("lease", leaseId).find(LeaseTerm::from);
    }

    /**
     * Reads the lease's columns, selected as {@code lease_id, lease_trust_id, lease_code, lease_status,
     * lease_starts_on, lease_ends_on, lease_closed_on}.
     */
    static LeaseTerm from(Row row) throws SQLException {
        return new LeaseTerm(
                row.getLong("lease_id"),
                row.getLong("lease_trust_id"),
                row.getString("lease_code"),
                row.getCode("lease_status", LeaseStatus.class),
                row.getDate("lease_starts_on"),
                row.getDate("lease_ends_on"),
                row.findDate("lease_closed_on"));
    }
}
