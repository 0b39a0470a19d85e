package org.tierra.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tierra.access.Principal;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;

/**
 * The fee ledger of ground leases (table {@code ledger_entry}): balances for other features, and the
 * SQL the ledger's routes run. Every method runs on the caller's connection, inside the caller's
 * transaction when there is one. Amounts are exact ({@code numeric}, {@link BigDecimal}).
 */
public final class Ledger {

    private Ledger() {}

    /**
     * What lease {@code leaseId}'s lessees owe as of {@code asOf}, and since when they are in arrears (see
     * {@link LeaseBalance}). Checks no access: the caller has.
     *
     * @throws Problem 404 when there is no such lease
     */
    public static LeaseBalance balanceOf(Connection connection, long leaseId, LocalDate asOf) {
        LeaseRow lease = getLease(connection, leaseId);
        Arrears.Position position = Arrears.positionOf(listEntries(connection, leaseId), asOf);
        return new LeaseBalance(
                leaseId,
                lease.currency(),
                lease.scaled(position.balance()),
                position.daysInArrears(),
                position.oldestUnpaidDueOn());
    }

    /** A lease as the ledger needs it: its trust, status and fee terms. */
    record LeaseRow(
            long id,
            long trustId,
            String code,
            String status,
            String currency,
            FeeSchedule.Terms terms,
            Optional<String> escalationIndex) {

        /** A draft, or a draft cancelled: never in force, so it owes nothing. */
        boolean unsigned() {
            return status.equals("draft") || status.equals("cancelled");
        }

        /** {@code amount} with exactly the currency's decimals (the column keeps two). */
        BigDecimal scaled(BigDecimal amount) {
            return amount.setScale(terms.minorUnits(), RoundingMode.UNNECESSARY);
        }
    }

    private static final String LEASE = """
            SELECT l.id, l.trust_id, l.code, l.status, l.starts_on, l.ends_on, l.closed_on, l.fee_amount,
                   l.currency, l.fee_period, l.escalation, l.escalation_percent, l.escalation_index, c.minor_units
            FROM ground_lease l
            JOIN currency c ON c.code = l.currency
            WHERE l.id = ?
            """;

    private static final String LEASE_FOR_SHARE = LEASE + "FOR SHARE OF l";

    /**
     * The lease as it stands, for reading (balances, statements); takes no lock.
     *
     * @throws Problem 404 when there is no such lease
     */
    static LeaseRow getLease(Connection connection, long leaseId) {
        return readLease(connection, LEASE, leaseId);
    }

    /**
     * The lease, its row share-locked until the caller's transaction ends, so that its terms cannot
     * change while charges or payments are written from them.
     *
     * @throws Problem 404 when there is no such lease
     */
    static LeaseRow lockLease(Connection connection, long leaseId) {
        return readLease(connection, LEASE_FOR_SHARE, leaseId);
    }

    private static LeaseRow readLease(Connection connection, String sql, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, leaseId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw Problem.notFound("There is no lease with id " + leaseId + ".");
                }
                LocalDate endsOn = Optional.ofNullable(row.getObject("closed_on", LocalDate.class))
                        .orElse(row.getObject("ends_on", LocalDate.class));
                FeeSchedule.Terms terms = new FeeSchedule.Terms(
                        row.getObject("starts_on", LocalDate.class),
                        endsOn,
                        row.getBigDecimal("fee_amount"),
                        FeeSchedule.Frequency.fromCode(row.getString("fee_period")),
                        FeeSchedule.Escalation.fromCode(row.getString("escalation")),
                        Optional.ofNullable(row.getBigDecimal("escalation_percent")),
                        row.getInt("minor_units"));
                return new LeaseRow(
                        row.getLong("id"),
                        row.getLong("trust_id"),
                        row.getString("code"),
                        row.getString("status"),
                        row.getString("currency"),
                        terms,
                        Optional.ofNullable(row.getString("escalation_index")));
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static final String SIGNED_LEASES_OF_TRUST = """
            SELECT id FROM ground_lease WHERE trust_id = ? AND status NOT IN ('draft', 'cancelled') ORDER BY id
            """;

    /** The ids of the trust's signed leases (past draft, not cancelled), in id order (the order charges are written in). */
    static List<Long> listSignedLeaseIds(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(SIGNED_LEASES_OF_TRUST)) {
            statement.setLong(1, trustId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DatabaseException(SIGNED_LEASES_OF_TRUST, e);
        }
    }

    private static final String ENTRIES = """
            SELECT id, kind, amount, entry_date, period_end, due_on, reason, reference
            FROM ledger_entry
            WHERE lease_id = ?
            ORDER BY entry_date, id
            """;

    /** Every entry of the lease, in date order (then in the order written). */
    static List<LedgerEntry> listEntries(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(ENTRIES)) {
            statement.setLong(1, leaseId);
            List<LedgerEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(entryFrom(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new DatabaseException(ENTRIES, e);
        }
    }

    private static final String TRUST_ENTRIES = """
            SELECT l.id AS lease_id, e.id, e.kind, e.amount, e.entry_date, e.period_end, e.due_on, e.reason,
                   e.reference
            FROM ground_lease l
            JOIN ledger_entry e ON e.lease_id = l.id
            WHERE l.trust_id = ? AND l.status NOT IN ('draft', 'cancelled') AND e.entry_date <= ?
            ORDER BY l.id, e.entry_date, e.id
            """;

    /** The entries dated on or before {@code asOf} of every signed lease of the trust, by lease id. */
    static Map<Long, List<LedgerEntry>> listEntriesOfTrust(Connection connection, long trustId, LocalDate asOf) {
        try (PreparedStatement statement = connection.prepareStatement(TRUST_ENTRIES)) {
            statement.setLong(1, trustId);
            statement.setObject(2, asOf);
            Map<Long, List<LedgerEntry>> entries = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.computeIfAbsent(rows.getLong("lease_id"), id -> new ArrayList<>())
                            .add(entryFrom(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new DatabaseException(TRUST_ENTRIES, e);
        }
    }

    private static LedgerEntry entryFrom(ResultSet row) throws SQLException {
        return new LedgerEntry(
                row.getLong("id"),
                LedgerEntry.Kind.fromCode(row.getString("kind")),
                row.getBigDecimal("amount"),
                row.getObject("entry_date", LocalDate.class),
                Optional.ofNullable(row.getObject("period_end", LocalDate.class)),
                Optional.ofNullable(row.getObject("due_on", LocalDate.class)),
                Optional.ofNullable(row.getString("reason")),
                Optional.ofNullable(row.getString("reference")));
    }

    private static final String INDEX_VALUES = "SELECT month, value FROM price_index_value WHERE index_code = ?";

    /** Every published value of the price index, by month. */
    static FeeSchedule.IndexValues getIndexValues(Connection connection, String indexCode) {
        try (PreparedStatement statement = connection.prepareStatement(INDEX_VALUES)) {
            statement.setString(1, indexCode);
            Map<LocalDate, BigDecimal> values = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getObject("month", LocalDate.class), rows.getBigDecimal("value"));
                }
            }
            return month -> Optional.ofNullable(values.get(month));
        } catch (SQLException e) {
            throw new DatabaseException(INDEX_VALUES, e);
        }
    }

    // One statement per lease; a period already charged hits the partial unique index
    // ledger_entry_one_charge_per_period and is skipped, even when another transaction wrote it first.
    private static final String INSERT_CHARGES = """
            INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, period_end, due_on,
                                      created_by, created_by_name)
            SELECT ?, ?, 'charge', period.amount, ?, period.starts_on, period.ends_on, period.starts_on, ?, ?
            FROM unnest(?::text[]::date[], ?::text[]::date[], ?::text[]::numeric[]) AS period (starts_on, ends_on, amount)
            ON CONFLICT (lease_id, entry_date) WHERE kind = 'charge' DO NOTHING
            RETURNING entry_date
            """;

    /**
     * Writes lease {@code leaseId}'s missing charges for the periods that start on or before
     * {@code through}, recorded as written by {@code actorName}; returns how many were new. For work
     * Tierra does itself (the demo registry): requests go through the charge routes, which also audit.
     */
    public static int createChargesThrough(Connection connection, long leaseId, LocalDate through, String actorName) {
        LeaseRow lease = lockLease(connection, leaseId);
        FeeSchedule.IndexValues index = lease.escalationIndex()
                .map(code -> getIndexValues(connection, code))
                .orElse(month -> Optional.empty());
        List<FeeSchedule.Charge> charges =
                FeeSchedule.scheduleThrough(lease.terms(), through, index).charges();
        return createCharges(connection, lease, charges, Optional.empty(), actorName)
                .size();
    }

    /** Writes the charges not yet written; returns the first days of the periods it wrote. */
    static List<LocalDate> createCharges(
            Connection connection,
            LeaseRow lease,
            List<FeeSchedule.Charge> charges,
            Optional<Long> actorId,
            String actorName) {
        if (charges.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_CHARGES)) {
            statement.setLong(1, lease.trustId());
            statement.setLong(2, lease.id());
            statement.setString(3, lease.currency());
            if (actorId.isPresent()) {
                statement.setLong(4, actorId.get());
            } else {
                statement.setNull(4, java.sql.Types.BIGINT);
            }
            statement.setString(5, actorName);
            statement.setArray(6, textArray(connection, charges, charge -> charge.periodStart()
                    .toString()));
            statement.setArray(7, textArray(connection, charges, charge -> charge.periodEnd()
                    .toString()));
            statement.setArray(
                    8, textArray(connection, charges, charge -> charge.amount().toPlainString()));
            List<LocalDate> created = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    created.add(rows.getObject(1, LocalDate.class));
                }
            }
            return created;
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_CHARGES, e);
        }
    }

    private static Array textArray(
            Connection connection, List<FeeSchedule.Charge> charges, Function<FeeSchedule.Charge, String> value)
            throws SQLException {
        return connection.createArrayOf("text", charges.stream().map(value).toArray(String[]::new));
    }

    private static final String INSERT_ENTRY = """
            INSERT INTO ledger_entry (trust_id, lease_id, kind, amount, currency, entry_date, reason, reference,
                                      created_by, created_by_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    /** Writes a payment or an adjustment and returns its id. */
    static long createEntry(
            Connection connection,
            LeaseRow lease,
            LedgerEntry.Kind kind,
            BigDecimal amount,
            LocalDate on,
            Optional<String> reason,
            Optional<String> reference,
            Principal principal) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ENTRY)) {
            statement.setLong(1, lease.trustId());
            statement.setLong(2, lease.id());
            statement.setString(3, kind.code);
            statement.setBigDecimal(4, amount);
            statement.setString(5, lease.currency());
            statement.setDate(6, Date.valueOf(on));
            setOptionalText(statement, 7, reason);
            setOptionalText(statement, 8, reference);
            statement.setLong(9, principal.userId());
            statement.setString(10, principal.username());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_ENTRY, e);
        }
    }

    private static void setOptionalText(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static final String LEASE_CODES = """
            SELECT l.id, l.code, l.currency, c.minor_units
            FROM ground_lease l
            JOIN currency c ON c.code = l.currency
            WHERE l.trust_id = ? AND l.status NOT IN ('draft', 'cancelled')
            """;

    /** A signed lease of a trust, as the arrears list names it. */
    record LeaseName(long id, String code, String currency, int minorUnits) {}

    /** The trust's signed leases by id. */
    static Map<Long, LeaseName> listLeaseNames(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(LEASE_CODES)) {
            statement.setLong(1, trustId);
            Map<Long, LeaseName> names = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.put(
                            rows.getLong("id"),
                            new LeaseName(
                                    rows.getLong("id"),
                                    rows.getString("code"),
                                    rows.getString("currency"),
                                    rows.getInt("minor_units")));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new DatabaseException(LEASE_CODES, e);
        }
    }
}
