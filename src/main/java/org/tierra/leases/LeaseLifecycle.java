package org.tierra.leases;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseWrites.Transition;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * The writes of ground leases: creating one, editing a draft, and its lifecycle.
 *
 * <p>A lease is born a draft (its terms, parcels and lessees can only be edited then) and moves draft →
 * active → terminated | expired (or assigned, when the home is sold: see {@link LeaseHandover}), or draft
 * → cancelled when it will never be signed. Only the trust's admin and staff write leases. Each change is
 * a new version (recorded by the database, marked with the {@link Change}) and an audit entry, in one
 * transaction; a transition takes an optional If-Match, an edit requires one. A parcel holds at most one
 * lease in force on any day: the colliding lease is looked for first and named, and when two requests
 * race past that check the database's exclusion constraint refuses the loser, which is answered the same
 * way. Every method returns the lease as it is after the change.
 */
public final class LeaseLifecycle {

    private final Database database;
    private final AuditLog audit;

    public LeaseLifecycle(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /**
     * Creates a lease of trust {@code trustCode} from {@code terms}, as a draft or, when {@code activate},
     * in force at once (then at version 2).
     *
     * @throws Problem 422 naming the field to fix (also {@code trust} when there is no such trust); 403 when
     *     the caller does not write the trust's leases; 409 ({@code code-taken}) for a code the trust has
     *     used, ({@code lease-in-force}) when another lease holds one of the parcels on one of its days
     */
    public Lease createLease(Principal principal, String trustCode, LeaseTerms terms, boolean activate, Change change) {
        return database.inTransaction(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(
                            () -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireWriter(principal, trust);
            NewLease lease = LeaseTermsCheck.check(connection, trust, terms);
            LeaseWrites.requireCodeFree(connection, trust.id(), trust.code(), lease.code());
            if (activate) {
                LeaseWrites.rejectConflicts(LeaseRepository.listConflicts(
                        connection, lease.parcelIds(), lease.startsOn(), lease.endsOn(), 0));
            }
            long id = LeaseWrites.create(connection, lease, change);
            if (activate) {
                change.mark(connection, Transition.ACTIVATE.operation());
                LeaseWrites.putInForce(
                        connection,
                        LeaseRepository.findForUpdate(connection, id).orElseThrow());
            }
            LeaseWrites.recordCreate(
                    audit,
                    connection,
                    change,
                    trust.id(),
                    id,
                    lease,
                    activate ? LeaseStatus.ACTIVE : LeaseStatus.DRAFT,
                    activate ? 2 : 1,
                    Map.of());
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * Edits draft {@code id}: {@code edit} is laid over its terms and the whole is checked as a create is.
     * A change is one new version and one audit entry naming the fields changed; an edit that changes
     * nothing writes nothing.
     *
     * @throws Problem 428 when the client sent no version of the lease, 412 when it has changed since; 409
     *     ({@code lease-status}) when the lease is no longer a draft; otherwise as {@link #createLease}
     */
    public Lease editDraft(
            Principal principal, long id, LeaseTermsPatch edit, ExpectedVersions expected, Change change) {
        return database.inTransaction(connection -> {
            LeaseRepository.LockedLease state = LeaseWrites.lock(connection, principal, id);
            expected.requireCurrent("lease", state.code(), state.versionTag());
            if (!state.status().editable()) {
                throw new Problem(
                        LeaseProblem.LEASE_STATUS,
                        "Lease " + state.code() + " is " + state.status().databaseCode()
                                + "; only a draft can be edited. A signed"
                                + " lease changes only through its lifecycle (terminate, assign).",
                        Map.of("lease", id, "leaseStatus", state.status().databaseCode()));
            }
            Lease current = LeaseWrites.getLease(connection, id);
            Trust trust =
                    TrustRepository.findTrustById(connection, state.trustId()).orElseThrow();
            NewLease next = LeaseTermsCheck.check(connection, trust, edit.applyTo(LeaseTerms.of(current)));
            List<String> changed = LeaseTermsCheck.changedFields(current, next);
            if (changed.isEmpty()) {
                return current;
            }
            if (changed.contains("code")) {
                LeaseWrites.requireCodeFree(connection, trust.id(), trust.code(), next.code());
            }
            change.mark(connection, "update");
            LeaseWrites.requireUpdated(LeaseRepository.updateTerms(connection, state, next), state);
            if (changed.contains("parcels")) {
                LeaseRepository.deleteParcels(connection, id);
                LeaseRepository.createParcels(connection, id, trust.id(), next.parcelIds());
            }
            if (changed.contains("lessees")) {
                LeaseRepository.deleteLessees(connection, id);
                LeaseRepository.createLessees(connection, id, trust.id(), next.lessees());
            }
            audit.record(
                    connection, change, AuditEvent.of(trust.id(), "lease", id, "update", Map.of("changed", changed)));
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * Puts draft {@code id} in force.
     *
     * @throws Problem 409 ({@code lease-status}) unless it is a draft, ({@code lease-in-force}) when another
     *     lease holds one of its parcels on one of its days
     */
    public Lease activate(Principal principal, long id, ExpectedVersions expected, Change change) {
        return database.inTransaction(connection -> {
            LeaseRepository.LockedLease lease = LeaseWrites.lockForWrite(connection, principal, id, expected);
            Transition.ACTIVATE.requireFrom(lease);
            LeaseWrites.rejectConflicts(LeaseRepository.listConflicts(
                    connection, LeaseRepository.listParcelIds(connection, id), lease.startsOn(), lease.endsOn(), id));
            change.mark(connection, Transition.ACTIVATE.operation());
            LeaseWrites.putInForce(connection, lease);
            LeaseWrites.recordTransition(audit, connection, change, lease, Transition.ACTIVATE, Map.of());
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * Closes draft {@code id} as cancelled, today: it will never be signed and never held its parcels.
     *
     * @throws Problem 409 ({@code lease-status}) unless it is a draft
     */
    public Lease cancel(Principal principal, long id, ExpectedVersions expected, Change change) {
        return database.inTransaction(connection -> {
            LeaseRepository.LockedLease lease = LeaseWrites.lockForWrite(connection, principal, id, expected);
            Transition.CANCEL.requireFrom(lease);
            change.mark(connection, Transition.CANCEL.operation());
            LeaseWrites.close(connection, lease, Transition.CANCEL, LocalDate.now(ZoneOffset.UTC), change);
            LeaseWrites.recordTransition(audit, connection, change, lease, Transition.CANCEL, Map.of());
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * Ends active lease {@code id} early, on {@code on}: its parcels are free from that day.
     *
     * @throws Problem 409 ({@code lease-status}) unless it is active; 422 ({@code on}) for a day outside its
     *     term
     */
    public Lease terminate(Principal principal, long id, LocalDate on, ExpectedVersions expected, Change change) {
        return database.inTransaction(connection -> {
            LeaseRepository.LockedLease lease = LeaseWrites.lockForWrite(connection, principal, id, expected);
            Transition.TERMINATE.requireFrom(lease);
            if (on.isBefore(lease.startsOn()) || on.isAfter(lease.endsOn())) {
                throw Problem.invalidField(
                        "on",
                        "Lease " + lease.code() + " runs from " + lease.startsOn() + " to " + lease.endsOn()
                                + "; it can be terminated on a day within that term, not on " + on + ".");
            }
            change.mark(connection, Transition.TERMINATE.operation());
            LeaseWrites.close(connection, lease, Transition.TERMINATE, on, change);
            LeaseWrites.recordTransition(
                    audit, connection, change, lease, Transition.TERMINATE, Map.of("on", on.toString()));
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * Records that active lease {@code id} ran its term: it closes on its end date, whenever the expiry is
     * recorded.
     *
     * @param on the day the client says it expired, if it says: its end date or later, not in the future
     * @throws Problem 409 ({@code lease-status}) unless it is active, ({@code lease-still-running}) before
     *     its end date; 422 ({@code on}) for a day before its end or in the future
     */
    public Lease expire(
            Principal principal, long id, Optional<LocalDate> on, ExpectedVersions expected, Change change) {
        return database.inTransaction(connection -> {
            LeaseRepository.LockedLease lease = LeaseWrites.lockForWrite(connection, principal, id, expected);
            Transition.EXPIRE.requireFrom(lease);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (on.isPresent() && on.get().isBefore(lease.endsOn())) {
                throw Problem.invalidField(
                        "on",
                        "Lease " + lease.code() + " expires at the end of its term, on " + lease.endsOn()
                                + " or later, not on " + on.get() + "; to end it earlier, terminate it.");
            }
            if (on.isPresent() && on.get().isAfter(today)) {
                throw Problem.invalidField(
                        "on", "'on' (" + on.get() + ") is in the future; record an expiry once it has happened.");
            }
            if (lease.endsOn().isAfter(today)) {
                throw new Problem(
                        LeaseProblem.LEASE_STILL_RUNNING,
                        "Lease " + lease.code() + " runs until " + lease.endsOn()
                                + "; it can be expired from that day on (to end it earlier, terminate it).",
                        Map.of("lease", id, "endsOn", lease.endsOn().toString()));
            }
            change.mark(connection, Transition.EXPIRE.operation());
            LeaseWrites.close(connection, lease, Transition.EXPIRE, lease.endsOn(), change);
            LeaseWrites.recordTransition(
                    audit,
                    connection,
                    change,
                    lease,
                    Transition.EXPIRE,
                    Map.of("on", on.orElse(lease.endsOn()).toString()));
            return LeaseWrites.getLease(connection, id);
        });
    }
}
