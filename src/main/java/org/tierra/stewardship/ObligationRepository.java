package org.tierra.stewardship;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/** Obligations (versioned by the database) and their fulfilments (append-only). */
final class ObligationRepository {

    private ObligationRepository() {}

    /** An obligation as it now is. */
    record Obligation(
            long id,
            long trustId,
            long leaseId,
            ObligationKind kind,
            Optional<String> description,
            LocalDate firstDueOn,
            Optional<Integer> everyMonths,
            Optional<LocalDate> endsOn,
            int version) {

        ObligationSchedule schedule(LeaseTerm lease) {
            return ObligationSchedule.forLease(firstDueOn, everyMonths, endsOn, lease.endExclusive(), lease.draft());
        }
    }

    /** Inserts version 1 on lease {@code lease}; the caller has marked the transaction with its change. */
    static long createObligation(Connection connection, LeaseTerm lease, NewObligation obligation) {
        return Sql.on(connection, """
                        INSERT INTO obligation (trust_id, lease_id, kind, description, first_due_on, every_months,
                                                ends_on)
                        VALUES (:trust, :lease, :kind, :description, :firstDueOn, :everyMonths, :endsOn)
                        RETURNING id
                        """)
                .bind("trust", lease.trustId())
                .bind("lease", lease.id())
                .bind("kind", obligation.kind())
                .bind("description", obligation.description())
                .bind("firstDueOn", obligation.firstDueOn())
                .bind("everyMonths", obligation.everyMonths())
                .bind("endsOn", obligation.endsOn())
                .get(row -> row.getLong("id"));
    }

    private static final String SELECT = """
            SELECT o.id, o.trust_id, o.lease_id, o.kind, o.description, o.first_due_on, o.every_months, o.ends_on,
                   o.version
            FROM obligation o
            """;

    /** The obligation, row-locked until the caller's transaction ends. */
    static Optional<Obligation> findObligationForUpdate(Connection connection, long id) {
        return Sql.on(connection, SELECT + "WHERE o.id = :id FOR UPDATE")
                .bind("id", id)
                .find(ObligationRepository::obligationFrom);
    }

    static List<Obligation> listObligationsOfLease(Connection connection, long leaseId) {
        return Sql.on(connection, SELECT + "WHERE o.lease_id = :lease ORDER BY o.first_due_on, o.id")
                .bind("lease", leaseId)
                .list(ObligationRepository::obligationFrom);
    }

    /** An obligation of a lease in force, with the lease and the codes of its parcels. */
    record InForce(Obligation obligation, LeaseTerm lease, List<String> parcelCodes) {}

    /** The obligations of the trust's leases in force on {@code day}. */
    static List<InForce> listObligationsInForce(Connection connection, long trustId, LocalDate day) {
        return Sql.on(connection, """
                        SELECT o.id, o.trust_id, o.lease_id, o.kind, o.description, o.first_due_on, o.every_months,
                               o.ends_on, o.version,
                               -- o.lease_id is the lease's id
                               l.trust_id AS lease_trust_id, l.code AS lease_code,
                               l.status AS lease_status, l.starts_on AS lease_starts_on, l.ends_on AS lease_ends_on,
                               l.closed_on AS lease_closed_on,
                               ARRAY(SELECT p.code FROM ground_lease_parcel lp JOIN parcel p ON p.id = lp.parcel_id
                                     WHERE lp.lease_id = l.id ORDER BY p.code) AS parcel_codes
                        FROM obligation o
                        JOIN ground_lease l ON l.id = o.lease_id
                        WHERE o.trust_id = :trust
                          AND ground_lease_in_force(l.status, l.starts_on, l.ends_on, l.closed_on) @> CAST(:day AS date)
                        """)
                .bind("trust", trustId)
                .bind("day", day)
                .list(row -> new InForce(obligationFrom(row), LeaseTerm.from(row), row.getStrings("parcel_codes")));
    }

    private static Obligation obligationFrom(Row row) throws SQLException {
        return new Obligation(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getLong("lease_id"),
                row.getCode("kind", ObligationKind.class),
                row.findString("description"),
                row.getDate("first_due_on"),
                row.findInt("every_months"),
                row.findDate("ends_on"),
                row.getInt("version"));
    }

    /** Sets the obligation's last day as its next version; false when another write got there first. */
    static boolean endObligation(Connection connection, long id, int version, LocalDate endsOn) {
        return Sql.on(connection, """
                        UPDATE obligation SET ends_on = :endsOn, version = version + 1, updated_at = now()
                        WHERE id = :id AND version = :version
                        """)
                        .bind("endsOn", endsOn)
                        .bind("id", id)
                        .bind("version", version)
                        .update()
                == 1;
    }

    /** Records a fulfilment as written by {@code change}'s actor; false when that due date was already fulfilled. */
    static boolean createFulfilment(
            Connection connection, Obligation obligation, NewFulfilment fulfilment, Change change) {
        return Sql.on(connection, """
                        INSERT INTO obligation_fulfilment (obligation_id, trust_id, due_on, fulfilled_on, event_id,
                                                           document_id, notes, created_by, created_by_name)
                        VALUES (:obligation, :trust, :dueOn, :fulfilledOn, :event, :document, :notes, :createdBy,
                                :createdByName)
                        ON CONFLICT (obligation_id, due_on) DO NOTHING
                        """)
                        .bind("obligation", obligation.id())
                        .bind("trust", obligation.trustId())
                        .bind("dueOn", fulfilment.dueOn())
                        .bind("fulfilledOn", fulfilment.fulfilledOn())
                        .bind("event", fulfilment.eventId())
                        .bind("document", fulfilment.documentId())
                        .bind("notes", fulfilment.notes())
                        .bind("createdBy", change.actorUserId())
                        .bind("createdByName", change.actor())
                        .update()
                == 1;
    }

    static List<Fulfilment> listFulfilmentsOfLease(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT f.obligation_id, f.due_on, f.fulfilled_on, f.event_id, f.document_id, f.notes,
                               f.created_at, f.created_by_name
                        FROM obligation_fulfilment f
                        JOIN obligation o ON o.id = f.obligation_id
                        WHERE o.lease_id = :lease
                        ORDER BY f.obligation_id, f.due_on
                        """)
                .bind("lease", leaseId)
                .list(row -> new Fulfilment(
                        row.getLong("obligation_id"),
                        row.getDate("due_on"),
                        row.getDate("fulfilled_on"),
                        row.findLong("event_id"),
                        row.findLong("document_id"),
                        row.findString("notes"),
                        row.getInstant("created_at"),
                        row.getString("created_by_name")));
    }

    /** A due date shown as met. */
    private record Met(long obligationId, LocalDate dueOn) {}

    /** The fulfilled due dates of every obligation of the trust, by obligation id. */
    static Map<Long, Set<LocalDate>> listFulfilledDueDates(Connection connection, long trustId) {
        return Sql.on(connection, "SELECT obligation_id, due_on FROM obligation_fulfilment WHERE trust_id = :trust")
                .bind("trust", trustId)
                .list(row -> new Met(row.getLong("obligation_id"), row.getDate("due_on")))
                .stream()
                .collect(Collectors.groupingBy(Met::obligationId, Collectors.mapping(Met::dueOn, Collectors.toSet())));
    }

    /** The trust of stewardship event {@code id}. */
    static Optional<Long> findTrustOfEvent(Connection connection, long id) {
        return Sql.on(connection, "SELECT trust_id FROM stewardship_event WHERE id = :id")
                .bind("id", id)
                .find(row -> row.getLong("trust_id"));
    }

    /** The trust of document {@code id}. */
    static Optional<Long> findTrustOfDocument(Connection connection, long id) {
        return Sql.on(connection, "SELECT trust_id FROM document WHERE id = :id")
                .bind("id", id)
                .find(row -> row.getLong("trust_id"));
    }
}
