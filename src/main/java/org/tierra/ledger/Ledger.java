package org.tierra.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * The fee ledger of ground leases: charges generated from the lease's terms ({@link FeeSchedule}),
 * payments and adjustments recorded by the trust's admin and staff, a lease's statement for its readers
 * (a lessee reads their own), the trust's arrears for its admin, board and staff, and balances for other
 * features.
 *
 * <p>A draft (or cancelled) lease is not in force: it owes nothing and takes no payments. Every write
 * runs in one transaction with its audit entry. Amounts are exact ({@link BigDecimal}) and answered as
 * decimal texts with the currency's decimals ({@code "1250.50"}).
 */
public final class Ledger {

    /** Charges are billed up to a year ahead: enough to invoice in advance, too little for a typo's century. */
    static final int MAX_DAYS_AHEAD = 366;

    private final Database database;
    private final AuditLog audit;

    public Ledger(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** Trusts keep no time zone: "today" is the UTC date (the default {@code asOf}, the charge horizon). */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * Refuses a day further ahead than charges are written.
     *
     * @throws Problem 422 naming {@code through}
     */
    static LocalDate requireChargeHorizon(LocalDate through) {
        LocalDate limit = today().plusDays(MAX_DAYS_AHEAD);
        if (through.isAfter(limit)) {
            throw Problem.invalidField(
                    "through",
                    "Charges are written at most " + MAX_DAYS_AHEAD + " days ahead (through " + limit + "), got "
                            + through + ".");
        }
        return through;
    }

    /**
     * What lease {@code leaseId}'s lessees owe as of {@code asOf}, and since when they are in arrears (see
     * {@link LeaseBalance}), on the caller's connection. Checks no access: the caller has.
     *
     * @throws Problem 404 when there is no such lease
     */
    public static LeaseBalance balanceOf(Connection connection, long leaseId, LocalDate asOf) {
        LedgerLease lease = getLease(connection, leaseId);
        Arrears.Position position = Arrears.positionOf(LedgerRepository.listEntries(connection, leaseId), asOf);
        return new LeaseBalance(
                leaseId,
                lease.currency(),
                lease.scaled(position.balance()),
                position.daysInArrears(),
                position.oldestUnpaidDueOn());
    }

    /**
     * Writes lease {@code leaseId}'s missing charges for the periods that start on or before
     * {@code through}, on the caller's connection, recorded as written by {@code actorName}; returns how
     * many were new. For work Tierra does itself (the demo registry), which audits on its own.
     */
    public static int createChargesThrough(Connection connection, long leaseId, LocalDate through, String actorName) {
        LedgerLease lease = lockLease(connection, leaseId);
        List<FeeSchedule.Charge> charges =
                scheduleThrough(connection, lease, through).charges();
        return LedgerRepository.createCharges(connection, lease, charges, Optional.empty(), actorName)
                .size();
    }

    /**
     * Writes the missing charges of lease {@code leaseId} through {@code through}, audited when any is new.
     *
     * @throws Problem 404 when there is no such lease or the caller holds no role in its trust; 403 unless
     *     the caller is its trust's admin or staff; 409 ({@code lease-draft}) when it is not signed
     */
    public LeaseCharges chargeLease(Principal caller, long leaseId, LocalDate through, Change change) {
        ChargeRun run = database.inTransaction(connection -> {
            requireWriterOf(connection, caller, leaseId);
            LedgerLease lease = requireSigned(lockLease(connection, leaseId));
            return charge(connection, lease, through, change);
        });
        return run.toLeaseCharges();
    }

    /**
     * Writes the missing charges of every signed lease of trust {@code trustCode} through {@code through}.
     *
     * @throws Problem 422 naming {@code trust} when there is no such trust; 403 unless the caller is its
     *     admin or staff
     */
    public TrustCharges chargeTrust(Principal caller, String trustCode, LocalDate through, Change change) {
        List<ChargeRun> runs = database.inTransaction(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(
                            () -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireWriter(caller, trust);
            List<ChargeRun> charged = new ArrayList<>();
            // In id order, as every charge run writes: two runs at once wait for each other, never deadlock.
            for (long leaseId : LedgerRepository.listSignedLeaseIds(connection, trust.id())) {
                charged.add(charge(connection, lockLease(connection, leaseId), through, change));
            }
            return charged;
        });
        return new TrustCharges(
                trustCode,
                through,
                runs.stream().mapToInt(ChargeRun::created).sum(),
                runs.stream().mapToInt(ChargeRun::alreadyPresent).sum(),
                runs.stream().map(ChargeRun::toSummary).toList());
    }

    /** Writes the lease's missing charges through {@code through}, with an audit entry when any is new. */
    private ChargeRun charge(Connection connection, LedgerLease lease, LocalDate through, Change change) {
        FeeSchedule.Schedule schedule = scheduleThrough(connection, lease, through);
        Set<LocalDate> created = new HashSet<>(LedgerRepository.createCharges(
                connection, lease, schedule.charges(), change.actorUserId(), change.actor()));
        ChargeRun run = new ChargeRun(lease, through, schedule, created);
        if (!created.isEmpty()) {
            BigDecimal total = schedule.charges().stream()
                    .filter(period -> created.contains(period.periodStart()))
                    .map(FeeSchedule.Charge::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            lease.trustId(),
                            "lease",
                            lease.id(),
                            "charge",
                            Map.of(
                                    "through", through.toString(),
                                    "created", created.size(),
                                    "alreadyPresent", run.alreadyPresent(),
                                    "total", lease.format(total),
                                    "currency", lease.currency())));
        }
        return run;
    }

    private static FeeSchedule.Schedule scheduleThrough(Connection connection, LedgerLease lease, LocalDate through) {
        FeeSchedule.IndexValues index = lease.escalationIndex()
                .map(code -> LedgerRepository.getIndexValues(connection, code))
                .orElse(month -> Optional.empty());
        return FeeSchedule.scheduleThrough(lease.terms(), through, index);
    }

    /** One lease's charge run: the periods due, which were new, which wait for an index value. */
    private record ChargeRun(
            LedgerLease lease, LocalDate through, FeeSchedule.Schedule schedule, Set<LocalDate> createdStarts) {

        int created() {
            return createdStarts.size();
        }

        int alreadyPresent() {
            return schedule.charges().size() - createdStarts.size();
        }

        TrustCharges.Lease toSummary() {
            return new TrustCharges.Lease(
                    lease.id(),
                    lease.code(),
                    lease.currency(),
                    through,
                    created(),
                    alreadyPresent(),
                    schedule.waiting());
        }

        LeaseCharges toLeaseCharges() {
            return new LeaseCharges(
                    lease.id(),
                    lease.code(),
                    lease.currency(),
                    through,
                    created(),
                    alreadyPresent(),
                    schedule.waiting(),
                    schedule.charges().stream()
                            .map(period -> new LeaseCharges.Line(
                                    period.periodStart(),
                                    period.periodEnd(),
                                    period.dueOn(),
                                    lease.format(period.amount()),
                                    createdStarts.contains(period.periodStart())))
                            .toList());
        }
    }

    /**
     * Records a payment (stored negative) or an adjustment on lease {@code leaseId}, with its audit entry;
     * an adjustment's reason is {@code change}'s, a payment's reason only goes to the audit log.
     *
     * @throws Problem 404 when there is no such lease or the caller holds no role in its trust; 403 unless
     *     the caller is its trust's admin or staff; 409 ({@code lease-draft}) when it is not signed; 422
     *     naming {@code currency} when it is not the lease's, or {@code amount} when it has more decimals
     *     than the currency
     */
    public RecordedEntry createEntry(Principal caller, long leaseId, NewEntry entry, Change change) {
        return database.inTransaction(connection -> {
            requireWriterOf(connection, caller, leaseId);
            LedgerLease lease = requireSigned(lockLease(connection, leaseId));
            entry.currency().filter(given -> !given.equals(lease.currency())).ifPresent(given -> {
                throw Problem.invalidField(
                        "currency",
                        "Lease " + lease.code() + " is paid in " + lease.currency() + ", not " + given
                                + "; convert the amount first.");
            });
            requireMinorUnits(entry.amount(), lease.currency(), lease.terms().minorUnits(), "amount");
            Optional<String> storedReason = entry.kind() == LedgerEntry.Kind.ADJUSTMENT
                    ? Optional.of(
                            change.reason().orElseThrow(() -> new IllegalArgumentException("an adjustment says why")))
                    : Optional.empty();
            BigDecimal signed = entry.signedAmount();
            long id = LedgerRepository.createEntry(
                    connection, lease, entry.kind(), signed, entry.on(), storedReason, entry.reference(), change);
            String formatted = lease.format(signed);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            lease.trustId(),
                            "lease",
                            leaseId,
                            entry.kind().databaseCode(),
                            Map.of(
                                    "entry",
                                    id,
                                    "amount",
                                    formatted,
                                    "currency",
                                    lease.currency(),
                                    "on",
                                    entry.on().toString())));
            LeaseBalance balance = balanceOf(connection, leaseId, today());
            return new RecordedEntry(
                    id,
                    leaseId,
                    entry.kind(),
                    formatted,
                    lease.currency(),
                    entry.on(),
                    entry.reference(),
                    storedReason,
                    balance.balance().toPlainString(),
                    balance.daysInArrears());
        });
    }

    /** Refuses more decimals than {@code currency} has (3 decimals in MXN, any in CLP), naming the field. */
    private static void requireMinorUnits(BigDecimal amount, String currency, int minorUnits, String field) {
        if (amount.stripTrailingZeros().scale() > minorUnits) {
            throw new Problem(
                    CommonProblem.INVALID_FIELD,
                    "'" + field + "' has more decimals than " + currency + " allows (" + minorUnits + "): "
                            + amount.toPlainString() + ".",
                    Map.of("field", field, "currency", currency, "minorUnits", minorUnits));
        }
    }

    /**
     * Lease {@code leaseId}'s statement over {@code period}, with its balance as of {@code asOf}, labelled
     * in {@code language}.
     *
     * @throws Problem 404 when there is no such lease or the caller holds no role in its trust; 403 when
     *     the caller may not read it (see {@link LeaseAccess#requireReader})
     */
    public LeaseStatement getStatement(
            Principal caller, long leaseId, LeaseStatement.Period period, LocalDate asOf, Locale language) {
        return database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, caller, leaseId);
            LedgerLease lease = getLease(connection, leaseId);
            return LeaseStatement.of(lease, LedgerRepository.listEntries(connection, leaseId), period, asOf, language);
        });
    }

    /**
     * The signed leases of trust {@code trustCode} that owe money as of {@code asOf}.
     *
     * @throws Problem 400 naming {@code trust} when there is no such trust; 403 unless the caller is its
     *     admin, board or staff
     */
    public ArrearsList listArrears(Principal caller, String trustCode, LocalDate asOf) {
        List<ArrearsList.Owing> owing = database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() ->
                            Problem.invalidParameter("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireTrustReader(caller, trust);
            Map<Long, LedgerRepository.LeaseName> names = LedgerRepository.listLeaseNames(connection, trust.id());
            List<ArrearsList.Owing> found = new ArrayList<>();
            LedgerRepository.listEntriesOfTrust(connection, trust.id(), asOf).forEach((leaseId, entries) -> {
                Arrears.Position position = Arrears.positionOf(entries, asOf);
                if (position.balance().signum() > 0) {
                    LedgerRepository.LeaseName lease = names.get(leaseId);
                    found.add(new ArrearsList.Owing(
                            lease.id(),
                            lease.code(),
                            lease.currency(),
                            position.balance()
                                    .setScale(lease.minorUnits(), RoundingMode.UNNECESSARY)
                                    .toPlainString(),
                            position.daysInArrears(),
                            position.oldestUnpaidDueOn()));
                }
            });
            found.sort(Comparator.comparingInt(ArrearsList.Owing::daysInArrears)
                    .reversed()
                    .thenComparing(ArrearsList.Owing::code));
            return found;
        });
        return new ArrearsList(trustCode, asOf, owing);
    }

    /**
     * Requires the admin or staff role in the lease's trust. A caller holding no role there is told there
     * is no such lease, as readers are ({@link LeaseAccess#requireReader}): ids of other trusts' leases
     * are not confirmed.
     */
    private static void requireWriterOf(Connection connection, Principal caller, long leaseId) {
        Trust trust = LeaseAccess.getTrustOfLease(connection, leaseId);
        if (caller.roleIn(trust.id()).isEmpty()) {
            throw noSuchLease(leaseId);
        }
        LeaseAccess.requireWriter(caller, trust);
    }

    private static LedgerLease requireSigned(LedgerLease lease) {
        if (lease.unsigned()) {
            throw new Problem(
                    LedgerProblem.LEASE_DRAFT,
                    "Lease " + lease.code() + " is " + lease.status().databaseCode()
                            + ", not signed: its ledger opens when it is" + " signed (active); nothing was written.",
                    Map.of("lease", lease.id()));
        }
        return lease;
    }

    private static LedgerLease getLease(Connection connection, long leaseId) {
        return LedgerRepository.findLease(connection, leaseId).orElseThrow(() -> noSuchLease(leaseId));
    }

    private static LedgerLease lockLease(Connection connection, long leaseId) {
        return LedgerRepository.findLeaseForShare(connection, leaseId).orElseThrow(() -> noSuchLease(leaseId));
    }

    private static Problem noSuchLease(long leaseId) {
        return Problem.notFound("There is no lease with id " + leaseId + ".");
    }
}
