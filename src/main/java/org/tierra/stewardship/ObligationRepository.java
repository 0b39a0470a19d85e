package org.tierra.stewardship;

import static org.tierra.stewardship.EventRepository.optionalLong;
import static org.tierra.stewardship.EventRepository.setOptionalLong;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.db.DatabaseException;

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

    /** One due date shown as met. */
    record Fulfilment(
            long obligationId,
            LocalDate dueOn,
            LocalDate fulfilledOn,
            Optional<Long> eventId,
            Optional<Long> documentId,
            Optional<String> notes,
            Instant createdAt,
            String createdByName) {}

    private static final String CREATE = """
            INSERT INTO obligation (trust_id, lease_id, kind, description, first_due_on, every_months, ends_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    /** Inserts version 1; the caller has applied the change context (who and why). */
    static long createObligation(
            Connection connection,
            long trustId,
            long leaseId,
            ObligationKind kind,
            Optional<String> description,
            LocalDate firstDueOn,
            Optional<Integer> everyMonths,
            Optional<LocalDate> endsOn) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
            statement.setLong(1, trustId);
            statement.setLong(2, leaseId);
            statement.setString(3, kind.code());
            statement.setString(4, description.orElse(null));
            statement.setObject(5, firstDueOn);
            statement.setObject(6, everyMonths.orElse(null), Types.INTEGER);
            statement.setObject(7, endsOn.orElse(null), Types.DATE);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CREATE, e);
        }
    }

    private static final String SELECT = """
            SELECT id, trust_id, lease_id, kind, description, first_due_on, every_months, ends_on, version
            FROM obligation
            """;

    private static final String FIND_FOR_UPDATE = SELECT + "WHERE id = ? FOR UPDATE";

    /** The obligation, row-locked until the caller's transaction ends. */
    static Optional<Obligation> findObligationForUpdate(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_FOR_UPDATE)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_FOR_UPDATE, e);
        }
    }

    private static final String LIST_OF_LEASE = SELECT + "WHERE lease_id = ? ORDER BY first_due_on, id";

    static List<Obligation> listObligationsOfLease(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_OF_LEASE)) {
            statement.setLong(1, leaseId);
            List<Obligation> obligations = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    obligations.add(read(row, 1));
                }
            }
            return obligations;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_OF_LEASE, e);
        }
    }

    /** An obligation of a lease in force, with the lease and the codes of its parcels. */
    record InForce(Obligation obligation, LeaseTerm lease, List<String> parcelCodes) {}

    private static final String LIST_IN_FORCE = """
            SELECT o.id, o.trust_id, o.lease_id, o.kind, o.description, o.first_due_on, o.every_months, o.ends_on,
                   o.version,
                   l.id, l.trust_id, l.code, l.status, l.starts_on, l.ends_on, l.closed_on,
                   ARRAY(SELECT p.code FROM ground_lease_parcel lp JOIN parcel p ON p.id = lp.parcel_id
                         WHERE lp.lease_id = l.id ORDER BY p.code)
            FROM obligation o
            JOIN ground_lease l ON l.id = o.lease_id
            WHERE o.trust_id = ?
              AND ground_lease_in_force(l.status, l.starts_on, l.ends_on, l.closed_on) @> ?::date
            """;

    /** The obligations of the trust's leases in force on {@code day}. */
    static List<InForce> listObligationsInForce(Connection connection, long trustId, LocalDate day) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_IN_FORCE)) {
            statement.setLong(1, trustId);
            statement.setObject(2, day);
            List<InForce> obligations = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Array codes = row.getArray(17);
                    obligations.add(new InForce(
                            read(row, 1), LeaseTerm.read(row, 10), Arrays.asList((String[]) codes.getArray())));
                }
            }
            return obligations;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_IN_FORCE, e);
        }
    }

    private static Obligation read(ResultSet row, int first) throws SQLException {
        int every = row.getInt(first + 6);
        Optional<Integer> everyMonths = row.wasNull() ? Optional.empty() : Optional.of(every);
        Date endsOn = row.getDate(first + 7);
        return new Obligation(
                row.getLong(first),
                row.getLong(first + 1),
                row.getLong(first + 2),
                ObligationKind.fromCode(row.getString(first + 3)).orElseThrow(),
                Optional.ofNullable(row.getString(first + 4)),
                row.getDate(first + 5).toLocalDate(),
                everyMonths,
                Optional.ofNullable(endsOn).map(Date::toLocalDate),
                row.getInt(first + 8));
    }

    private static final String END = """
            UPDATE obligation SET ends_on = ?, version = version + 1, updated_at = now()
            WHERE id = ? AND version = ?
            """;

    /** Sets the obligation's last day as its next version; false when another write got there first. */
    static boolean endObligation(Connection connection, long id, int version, LocalDate endsOn) {
        try (PreparedStatement statement = connection.prepareStatement(END)) {
            statement.setObject(1, endsOn);
            statement.setLong(2, id);
            statement.setInt(3, version);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(END, e);
        }
    }

    private static final String CREATE_FULFILMENT = """
            INSERT INTO obligation_fulfilment (obligation_id, trust_id, due_on, fulfilled_on, event_id, document_id,
                                               notes, created_by, created_by_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (obligation_id, due_on) DO NOTHING
            """;

    /** Records a fulfilment; false when that due date was already fulfilled. */
    static boolean createFulfilment(
            Connection connection, Obligation obligation, Fulfilment fulfilment, long createdBy) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE_FULFILMENT)) {
            statement.setLong(1, obligation.id());
            statement.setLong(2, obligation.trustId());
            statement.setObject(3, fulfilment.dueOn());
            statement.setObject(4, fulfilment.fulfilledOn());
            setOptionalLong(statement, 5, fulfilment.eventId());
            setOptionalLong(statement, 6, fulfilment.documentId());
            statement.setString(7, fulfilment.notes().orElse(null));
            statement.setLong(8, createdBy);
            statement.setString(9, fulfilment.createdByName());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(CREATE_FULFILMENT, e);
        }
    }

    private static final String FULFILMENTS_OF_LEASE = """
            SELECT f.obligation_id, f.due_on, f.fulfilled_on, f.event_id, f.document_id, f.notes, f.created_at,
                   f.created_by_name
            FROM obligation_fulfilment f
            JOIN obligation o ON o.id = f.obligation_id
            WHERE o.lease_id = ?
            ORDER BY f.obligation_id, f.due_on
            """;

    static List<Fulfilment> listFulfilmentsOfLease(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(FULFILMENTS_OF_LEASE)) {
            statement.setLong(1, leaseId);
            List<Fulfilment> fulfilments = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    fulfilments.add(new Fulfilment(
                            row.getLong(1),
                            row.getDate(2).toLocalDate(),
                            row.getDate(3).toLocalDate(),
                            optionalLong(row, 4),
                            optionalLong(row, 5),
                            Optional.ofNullable(row.getString(6)),
                            row.getTimestamp(7).toInstant(),
                            row.getString(8)));
                }
            }
            return fulfilments;
        } catch (SQLException e) {
            throw new DatabaseException(FULFILMENTS_OF_LEASE, e);
        }
    }

    private static final String FULFILLED_IN_TRUST =
            "SELECT obligation_id, due_on FROM obligation_fulfilment WHERE trust_id = ?";

    /** The fulfilled due dates of every obligation of the trust, by obligation id. */
    static Map<Long, Set<LocalDate>> listFulfilledDueDates(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(FULFILLED_IN_TRUST)) {
            statement.setLong(1, trustId);
            Map<Long, Set<LocalDate>> fulfilled = new HashMap<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    fulfilled
                            .computeIfAbsent(row.getLong(1), id -> new HashSet<>())
                            .add(row.getDate(2).toLocalDate());
                }
            }
            return fulfilled;
        } catch (SQLException e) {
            throw new DatabaseException(FULFILLED_IN_TRUST, e);
        }
    }

    private static final String TRUST_OF = """
            SELECT trust_id FROM stewardship_event WHERE id = ? AND ?::text = 'event'
            UNION ALL
            SELECT trust_id FROM document WHERE id = ? AND ?::text = 'document'
            """;

    /** The trust of event or document {@code id} ({@code table} is {@code event} or {@code document}). */
    static Optional<Long> findTrustOf(Connection connection, String table, long id) {
        try (PreparedStatement statement = connection.prepareStatement(TRUST_OF)) {
            statement.setLong(1, id);
            statement.setString(2, table);
            statement.setLong(3, id);
            statement.setString(4, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(TRUST_OF, e);
        }
    }
}
