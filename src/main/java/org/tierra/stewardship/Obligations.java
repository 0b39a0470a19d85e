package org.tierra.stewardship;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * A lease's obligations and their fulfilments. The lease's readers read them (its trust's admin, board
 * and staff, and its own lessees); its trust's admin and staff write. Every change of an obligation is a
 * new version with who and why; fulfilments are append-only; each write has its audit entry. A write
 * answers with the obligation as it stands today, labelled in the caller's language.
 */
public final class Obligations {

    private final Database database;
    private final AuditLog audit;

    public Obligations(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /**
     * Sets {@code obligation} on lease {@code leaseId} as its version 1.
     *
     * @throws Problem 404 when there is no such lease in a trust where the caller holds a role; 403 unless
     *     the caller is its trust's admin or staff; 409 ({@code lease-closed}) when the lease is closed; 422
     *     naming {@code firstDueOn} when it falls outside the lease's term
     */
    public ObligationState createObligation(
            Principal caller, long leaseId, NewObligation obligation, Locale language, Change change) {
        long id = database.inTransaction(connection -> {
            LeaseTerm lease = requireLeaseWriter(connection, caller, leaseId);
            if (lease.closed()) {
                throw new Problem(
                        StewardshipProblem.LEASE_CLOSED,
                        "Lease " + lease.code() + " is " + lease.status().databaseCode()
                                + "; it takes no new obligations.",
                        Map.of("lease", leaseId));
            }
            LocalDate firstDueOn = obligation.firstDueOn();
            if (firstDueOn.isBefore(lease.startsOn()) || !firstDueOn.isBefore(lease.endExclusive())) {
                throw Problem.invalidField(
                        "firstDueOn",
                        "'firstDueOn' (" + firstDueOn + ") must fall within lease " + lease.code() + "'s term, "
                                + lease.startsOn() + " to "
                                + lease.endExclusive().minusDays(1) + ".");
            }
            change.mark(connection, "create");
            long obligationId = ObligationRepository.createObligation(connection, lease, obligation);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            lease.trustId(),
                            "obligation",
                            obligationId,
                            "create",
                            Map.of("lease", leaseId, "kind", obligation.kind().databaseCode(), "version", 1)));
            return obligationId;
        });
        return getToday(leaseId, id, language);
    }

    /**
     * Lease {@code leaseId}'s obligations as they stand on {@code asOf}, read in one snapshot.
     *
     * @throws Problem 404 or 403 when the caller may not read the lease (see {@link LeaseAccess#requireReader})
     */
    public LeaseObligations listObligations(Principal caller, long leaseId, LocalDate asOf, Locale language) {
        return database.inTransaction(connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            LeaseAccess.requireReader(connection, caller, leaseId);
            LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
            return new LeaseObligations(
                    leaseId, lease.code(), asOf, describe(connection, lease, asOf, language, Optional.empty()));
        });
    }

    /**
     * The obligations of lease {@code leaseId} as {@link #listObligations} lists them, on the caller's
     * connection, for another view of the lease (a lessee's own leases). Checks no access: the caller has.
     */
    public static List<ObligationState> listObligationsOfLease(
            Connection connection, long leaseId, LocalDate asOf, Locale language) {
        LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
        return describe(connection, lease, asOf, language, Optional.empty());
    }

    /**
     * Records that obligation {@code id} was met for its due date {@code fulfilment.dueOn()}.
     *
     * @throws Problem 404 when there is no such obligation in a trust where the caller holds a role; 403
     *     unless the caller is its trust's admin or staff; 422 naming {@code dueOn} when it is not one of
     *     its due dates, or {@code event} or {@code document} when they are not of its trust; 409
     *     ({@code already-fulfilled}) when that due date is already met
     */
    public ObligationState createFulfilment(
            Principal caller, long id, NewFulfilment fulfilment, Locale language, Change change) {
        long leaseId = database.inTransaction(connection -> {
            ObligationRepository.Obligation obligation = lockObligation(connection, caller, id);
            LeaseTerm lease =
                    LeaseTerm.findLeaseTerm(connection, obligation.leaseId()).orElseThrow();
            ObligationSchedule schedule = obligation.schedule(lease);
            LocalDate dueOn = fulfilment.dueOn();
            if (!schedule.isDueOn(dueOn)) {
                throw Problem.invalidField(
                        "dueOn",
                        "Obligation " + id + " is not due on " + dueOn + dueDatesHint(schedule, dueOn)
                                + " Give one of its due dates.");
            }
            fulfilment
                    .eventId()
                    .ifPresent(event -> requireSameTrust(
                            obligation, "event", event, ObligationRepository.findTrustOfEvent(connection, event)));
            fulfilment
                    .documentId()
                    .ifPresent(document -> requireSameTrust(
                            obligation,
                            "document",
                            document,
                            ObligationRepository.findTrustOfDocument(connection, document)));
            if (!ObligationRepository.createFulfilment(connection, obligation, fulfilment, change)) {
                throw new Problem(
                        StewardshipProblem.ALREADY_FULFILLED,
                        "The obligation's due date " + dueOn + " is already recorded as fulfilled; fulfilments are"
                                + " never rewritten.",
                        Map.of("obligation", id, "dueOn", dueOn.toString()));
            }
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            obligation.trustId(),
                            "obligation",
                            id,
                            "fulfil",
                            Map.of(
                                    "dueOn",
                                    dueOn.toString(),
                                    "fulfilledOn",
                                    fulfilment.fulfilledOn().toString())));
            return obligation.leaseId();
        });
        return getToday(leaseId, id, language);
    }

    /** Where a wrong due date sits among the real ones, so the user sees the nearest. */
    private static String dueDatesHint(ObligationSchedule schedule, LocalDate asked) {
        List<LocalDate> before = schedule.listDueDatesBefore(asked);
        Optional<LocalDate> after = schedule.findDueDateOnOrAfter(asked);
        String previous = before.isEmpty() ? "" : "the due date before is " + before.get(before.size() - 1);
        String next = after.map(date -> "the next is " + date).orElse("");
        if (previous.isEmpty() && next.isEmpty()) {
            return " (it has no due dates: is its lease still a draft, or ended?).";
        }
        return " ("
                + String.join(
                        "; ",
                        List.of(previous, next).stream()
                                .filter(s -> !s.isEmpty())
                                .toList()) + ").";
    }

    private static void requireSameTrust(
            ObligationRepository.Obligation obligation, String field, long id, Optional<Long> trustId) {
        if (trustId.filter(trust -> trust == obligation.trustId()).isEmpty()) {
            throw Problem.invalidField(
                    field, "There is no " + field + " with id " + id + " in the obligation's trust.");
        }
    }

    /**
     * Ends obligation {@code id} on {@code on} (its last possible due date, inclusive), as its next version.
     *
     * @throws Problem 404 when there is no such obligation in a trust where the caller holds a role; 403
     *     unless the caller is its trust's admin or staff; 422 naming {@code on} when it is before the first
     *     due date; 409 ({@code already-ended}) when it already ends by then, ({@code fulfilled-after-end})
     *     when a later due date is already met
     */
    public ObligationState endObligation(Principal caller, long id, LocalDate on, Locale language, Change change) {
        long leaseId = database.inTransaction(connection -> {
            ObligationRepository.Obligation obligation = lockObligation(connection, caller, id);
            if (on.isBefore(obligation.firstDueOn())) {
                throw Problem.invalidField(
                        "on",
                        "'on' (" + on + ") is before the obligation first falls due (" + obligation.firstDueOn()
                                + "); an obligation ends on or after its first due date.");
            }
            if (obligation.endsOn().filter(current -> !current.isAfter(on)).isPresent()) {
                throw new Problem(
                        StewardshipProblem.ALREADY_ENDED,
                        "Obligation " + id + " already ends on "
                                + obligation.endsOn().get() + ".",
                        Map.of(
                                "obligation",
                                id,
                                "endsOn",
                                obligation.endsOn().get().toString()));
            }
            List<LocalDate> later =
                    ObligationRepository.listFulfilmentsOfLease(connection, obligation.leaseId()).stream()
                            .filter(fulfilment -> fulfilment.obligationId() == id
                                    && fulfilment.dueOn().isAfter(on))
                            .map(Fulfilment::dueOn)
                            .toList();
            if (!later.isEmpty()) {
                throw new Problem(
                        StewardshipProblem.FULFILLED_AFTER_END,
                        "Obligation " + id + " is already fulfilled for " + later + ", after " + on
                                + "; end it on or after its last fulfilled due date.",
                        Map.of("obligation", id));
            }
            change.mark(connection, "end");
            if (!ObligationRepository.endObligation(connection, id, obligation.version(), on)) {
                throw new IllegalStateException("obligation " + id + " changed while locked");
            }
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            obligation.trustId(),
                            "obligation",
                            id,
                            "end",
                            Map.of("endsOn", on.toString(), "version", obligation.version() + 1)));
            return obligation.leaseId();
        });
        return getToday(leaseId, id, language);
    }

    /**
     * The obligation, row-locked, for a writer of its lease. Ids in trusts where the caller holds no role
     * read as missing.
     */
    private static ObligationRepository.Obligation lockObligation(Connection connection, Principal caller, long id) {
        ObligationRepository.Obligation obligation = ObligationRepository.findObligationForUpdate(connection, id)
                .filter(found -> caller.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no obligation with id " + id + "."));
        LeaseAccess.requireWriter(
                caller,
                TrustRepository.findTrustById(connection, obligation.trustId()).orElseThrow());
        return obligation;
    }

    /** The lease, for a writer: 404 when missing or in a trust where the caller holds no role, 403 for readers. */
    private static LeaseTerm requireLeaseWriter(Connection connection, Principal caller, long leaseId) {
        LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId)
                .filter(found -> caller.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + leaseId + "."));
        Trust trust = TrustRepository.findTrustById(connection, lease.trustId()).orElseThrow();
        LeaseAccess.requireWriter(caller, trust);
        return lease;
    }

    /** Obligation {@code id} of lease {@code leaseId} as it stands today, after a write. */
    private ObligationState getToday(long leaseId, long id, Locale language) {
        return database.withConnection(connection -> {
            LeaseTerm lease = LeaseTerm.findLeaseTerm(connection, leaseId).orElseThrow();
            return describe(connection, lease, Stewardship.today(), language, Optional.of(id))
                    .get(0);
        });
    }

    /** The lease's obligations (or only {@code onlyId}) with their next due date, missed dates and fulfilments. */
    private static List<ObligationState> describe(
            Connection connection, LeaseTerm lease, LocalDate asOf, Locale language, Optional<Long> onlyId) {
        Map<Long, List<Fulfilment>> fulfilments =
                ObligationRepository.listFulfilmentsOfLease(connection, lease.id()).stream()
                        .collect(Collectors.groupingBy(Fulfilment::obligationId));
        return ObligationRepository.listObligationsOfLease(connection, lease.id()).stream()
                .filter(obligation -> onlyId.map(id -> id == obligation.id()).orElse(true))
                .map(obligation -> {
                    List<Fulfilment> met = fulfilments.getOrDefault(obligation.id(), List.of());
                    Set<LocalDate> metDates =
                            met.stream().map(Fulfilment::dueOn).collect(Collectors.toSet());
                    ObligationSchedule schedule = obligation.schedule(lease);
                    return new ObligationState(
                            obligation.id(),
                            obligation.kind(),
                            obligation.kind().label(language),
                            obligation.description(),
                            obligation.firstDueOn(),
                            obligation.everyMonths(),
                            obligation.endsOn(),
                            obligation.version(),
                            nextUnmet(schedule, asOf, metDates),
                            schedule.listDueDatesBefore(asOf).stream()
                                    .filter(due -> !metDates.contains(due))
                                    .toList(),
                            met);
                })
                .toList();
    }

    /** The first due date on or after {@code asOf} not already met (an early fulfilment counts). */
    private static Optional<LocalDate> nextUnmet(ObligationSchedule schedule, LocalDate asOf, Set<LocalDate> met) {
        Optional<LocalDate> next = schedule.findDueDateOnOrAfter(asOf);
        while (next.isPresent() && met.contains(next.get())) {
            next = schedule.findDueDateOnOrAfter(next.get().plusDays(1));
        }
        return next;
    }
}
