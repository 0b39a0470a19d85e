package org.tierra.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import org.tierra.leases.Escalation;
import org.tierra.leases.Fee;
import org.tierra.leases.LeaseStatus;

/**
 * The SQL of the fee ledger (table {@code ledger_entry}) and of the lease terms it charges from. Every
 * method runs on the caller's connection, inside the caller's transaction when there is one. Amounts
 * are exact ({@code numeric}, {@link BigDecimal}).
 */
final class LedgerRepository {

    private LedgerRepository() {}

    private static final String LEASE = """
            SELECT l.id, l.trust_id, l.code, l.status, l.starts_on, l.ends_on, l.closed_on, l.fee_amount,
                   l.currency, l.fee_period, l.escalation, l.escalation_percent, l.escalation_index, c.minor_units
            FROM ground_lease l
            JOIN currency c ON c.code = l.currency
            WHERE l.id = :lease
            """;

    /** The lease as it stands, for reading (balances, statements); takes no lock. */
    static Optional<LedgerLease> findLease(Connection connection, long leaseId) {
        return Sql.on(connection, LEASE).bind("lease", leaseId).find(LedgerRepository::leaseFrom);
    }

    /**
     * The lease, its row share-locked until the caller's transaction ends, so that its terms cannot
     * change while charges or payments are written from them.
     */
    static Optional<LedgerLease> findLeaseForShare(Connection connection, long leaseId) {
        return Sql.on(connection, LEASE + "FOR SHARE OF l")
                .bind("lease", leaseId)
                .find(LedgerRepository::leaseFrom);
    }

    private static LedgerLease leaseFrom(Row row) throws SQLException {
        FeeSchedule.Terms terms = new FeeSchedule.Terms(
                row.getDate("starts_on"),
                row.findDate("closed_on").orElse(row.getDate("ends_on")),
                row.getDecimal("fee_amount"),
                row.getCode("fee_period", Fee.Period.class),
                row.getCode("escalation", Escalation.Kind.class),
                row.findDecimal("escalation_percent"),
                row.getInt("minor_units"));
        return new LedgerLease(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("code"),
                row.getCode("status", LeaseStatus.class),
                row.getString("currency"),
                terms,
                row.findString("escalation_index"));
    }

    /** The ids of the trust's signed leases (past draft, not cancelled), in id order (the order charges are written in). */
    static List<Long> listSignedLeaseIds(Connection connection, long trustId) {
        return Sql.on(connection, """
                        SELECT id FROM ground_lease
                        WHERE trust_id = :trust AND status NOT IN ('draft', 'cancelled')
                        ORDER BY id
                        """).bind("trust", trustId).list(row -> row.getLong("id"));
    }

    /** Every entry of the lease, in date order (then in the order written). */
    static List<LedgerEntry> listEntries(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT id, kind, amount, entry_date, period_end, due_on, reason, reference
                        FROM ledger_entry
                        WHERE lease_id = :lease
                        ORDER BY entry_date, id
                        """).bind("lease", leaseId).list(LedgerRepository::entryFrom);
    }

    /** An entry of one of a trust's leases. */
    private record LeaseEntry(long leaseId, LedgerEntry entry) {}

    /** The entries dated on or before {@code asOf} of every signed lease of the trust, by lease id. */
    static Map<Long, List<LedgerEntry>> listEntriesOfTrust(Connection connection, long trustId, LocalDate asOf) {
        return Sql.on(connection, """
                        SELECT l.id AS lease_id, e.id, e.kind, e.amount, e.entry_date, e.period_end, e.due_on,
                               e.reason, e.reference
                        FROM ground_lease l
                        JOIN ledger_entry e ON e.lease_id = l.id
                        WHERE l.trust_id = :trust AND l.status NOT IN ('draft', 'cancelled') AND e.entry_date <= :asOf
                        ORDER BY l.id, e.entry_date, e.id
                        """)
                .bind("trust", trustId)
                .bind("asOf", asOf)
                .list(row -> new LeaseEntry(row.getLong("lease_id"), entryFrom(row)))
                .stream()
                .collect(Collectors.groupingBy(
                        LeaseEntry::leaseId,
                        LinkedHashMap::new,
                        Collectors.mapping(LeaseEntry::entry, Collectors.toList())));
    }

    private static LedgerEntry entryFrom(Row row) throws SQLException {
        return new LedgerEntry(
                row.getLong("id"),
                row.getCode("kind", LedgerEntry.Kind.class),
                row.getDecimal("amount"),
                row.getDate("entry_date"),
                row.findDate("period_end"),
                row.findDate("due_on"),
                row.findString("reason"),
                row.findString("reference"));
    }

    /** Every published value of the price index, by month. */
    static FeeSchedule.IndexValues getIndexValues(Connection connection, String indexCode) {
        Map<LocalDate, BigDecimal> values = Sql.on(connection, """
                        SELECT month, value FROM price_index_value WHERE index_code = :index
                        """)
                .bind("index", indexCode)
                .list(row -> Map.entry(row.getDate("month"), row.getDecimal("value")))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return month -> Optional.ofNullable(values.get(month));
    }

    /**
     * Writes the charges not yet written, as written by {@code actorUserId} ({@code actor}); returns the
     * first days of the periods it wrote. One statement per lease; a period already charged hits the
     * partial unique index {@code ledger_entry_one_charge_per_period} and is skipped, even when another
     * transaction wrote it first.
     */
    static List<LocalDate> createCharges(
            Connection connection,
            LedgerLease lease,
            List<FeeSchedule.Charge> charges,
            Optional<Long> actorUserId,
            String actor) {
        if (charges.isEmpty()) {
            return List.of();
        }
        return Sql.on(connection, """
                        INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, period_end,
                                                  due_on, created_by, created_by_name)
                        SELECT :trust, :lease, 'charge', period.amount, :currency, period.starts_on, period.ends_on,
                               period.starts_on, CAST(:createdBy AS bigint), :createdByName
                        FROM unnest(CAST(:starts AS date[]), CAST(:ends AS date[]), CAST(:amounts AS numeric[]))
                             AS period (starts_on, ends_on, amount)
                        ON CONFLICT (lease_id, entry_date) WHERE kind = 'charge' DO NOTHING
                        RETURNING entry_date
                        """)
                .bind("trust", lease.trustId())
                .bind("lease", lease.id())
                .bind("currency", lease.currency())
                .bind("createdBy", actorUserId)
                .bind("createdByName", actor)
                .bind("starts", texts(charges, charge -> charge.periodStart().toString()))
                .bind("ends", texts(charges, charge -> charge.periodEnd().toString()))
                .bind("amounts", texts(charges, charge -> charge.amount().toPlainString()))
                .list(row -> row.getDate("entry_date"));
    }

    private static List<String> texts(List<FeeSchedule.Charge> charges, Function<FeeSchedule.Charge, String> value) {
        return charges.stream().map(value).toList();
    }

    /** Writes a payment or an adjustment, signed as stored, as {@code change}'s actor wrote it; returns its id. */
    static long createEntry(
            Connection connection,
            LedgerLease lease,
            LedgerEntry.Kind kind,
            BigDecimal amount,
            LocalDate on,
            Optional<String> reason,
            Optional<String> reference,
            Change change) {
        return Sql.on(connection, """
                        INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, reason,
                                                  reference, created_by, created_by_name)
                        VALUES (:trust, :lease, :kind, :amount, :currency, :entryDate, :reason, :reference, :createdBy,
                                :createdByName)
                        RETURNING id
                        """)
                .bind("trust", lease.trustId())
                .bind("lease", lease.id())
                .bind("kind", kind)
                .bind("amount", amount)
                .bind("currency", lease.currency())
                .bind("entryDate", on)
                .bind("reason", reason)
                .bind("reference", reference)
                .bind("createdBy", change.actorUserId())
                .bind("createdByName", change.actor())
                .get(row -> row.getLong("id"));
    }

    /** A signed lease of a trust, as the arrears list names it. */
    record LeaseName(long id, String code, String currency, int minorUnits) {}

    /** The trust's signed leases by id. */
    static Map<Long, LeaseName> listLeaseNames(Connection connection, long trustId) {
        return Sql.on(connection, """
                        SELECT l.id, l.code, l.currency, c.minor_units
                        FROM ground_lease l
                        JOIN currency c ON c.code = l.currency
                        WHERE l.trust_id = :trust AND l.status NOT IN ('draft', 'cancelled')
                        """)
                .bind("trust", trustId)
                .list(row -> new LeaseName(
                        row.getLong("id"), row.getString("code"), row.getString("currency"), row.getInt("minor_units")))
                .stream()
                .collect(Collectors.toMap(LeaseName::id, Function.identity()));
    }
}
