package org.tierra.leases;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;

/**
 * The steps every write of a lease shares, on the caller's connection: locking it for a writer, the
 * status rule of each transition, putting a lease in force (one lease at a time on a parcel), closing it,
 * and auditing the transition.
 */
final class LeaseWrites {

    private static final String EXCLUSION_VIOLATION = "23P01";
    private static final String DEADLOCK_DETECTED = "40P01";
    /**
     * Two activations on the same parcel can each insert their days in force and then wait for the
     * other: PostgreSQL aborts one as a deadlock. Retrying then waits for the survivor and ends in a
     * clean exclusion violation, so a few attempts always suffice in practice.
     */
    private static final int ACTIVATION_ATTEMPTS = 5;

    private LeaseWrites() {}

    /** A move of a lease from one status to the next, as its version's operation and audit action name it. */
    enum Transition {
        ACTIVATE("activate", LeaseStatus.DRAFT, LeaseStatus.ACTIVE, "activated"),
        CANCEL("cancel", LeaseStatus.DRAFT, LeaseStatus.CANCELLED, "cancelled"),
        TERMINATE("terminate", LeaseStatus.ACTIVE, LeaseStatus.TERMINATED, "terminated"),
        EXPIRE("expire", LeaseStatus.ACTIVE, LeaseStatus.EXPIRED, "expired"),
        ASSIGN("assign", LeaseStatus.ACTIVE, LeaseStatus.ASSIGNED, "assigned");

        private final String operation;
        private final LeaseStatus from;
        private final LeaseStatus to;
        private final String becoming;

        Transition(String operation, LeaseStatus from, LeaseStatus to, String becoming) {
            this.operation = operation;
            this.from = from;
            this.to = to;
            this.becoming = becoming;
        }

        String operation() {
            return operation;
        }

        LeaseStatus to() {
            return to;
        }

        /** @throws Problem 409 ({@code lease-status}) when {@code lease} is not in the status this move starts from */
        void requireFrom(LeaseRepository.LockedLease lease) {
            if (lease.status() != from) {
                throw new Problem(
                        LeaseProblem.LEASE_STATUS,
                        "Lease " + lease.code() + " is " + lease.status().databaseCode() + "; only a "
                                + from.databaseCode() + " lease can be "
                                + becoming + ".",
                        Map.of(
                                "lease",
                                lease.id(),
                                "leaseStatus",
                                lease.status().databaseCode()));
            }
        }
    }

    /**
     * The lease, row-locked, after checking that {@code principal} writes its trust's leases and that the
     * client's If-Match, when it names this lease, names its current version.
     *
     * @throws Problem 404 when there is no such lease or the caller holds no role in its trust; 403 when the
     *     caller does not write leases; 412 when the lease has changed since the client read it
     */
    static LeaseRepository.LockedLease lockForWrite(
            Connection connection, Principal principal, long id, ExpectedVersions expected) {
        LeaseRepository.LockedLease lease = lock(connection, principal, id);
        expected.checkIfGiven("lease", lease.code(), lease.versionTag());
        return lease;
    }

    /** Like {@link #lockForWrite}, leaving the precondition to the caller. */
    static LeaseRepository.LockedLease lock(Connection connection, Principal principal, long id) {
        LeaseAccess.requireWriterOfLease(connection, principal, id);
        return LeaseRepository.findForUpdate(connection, id)
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + id + "."));
    }

    /**
     * Moves a draft lease to active. The activation runs under a savepoint: when a concurrent request put
     * another lease in force on one of the parcels after our check, the exclusion constraint refuses it,
     * and the answer names that lease like the check would have.
     *
     * @throws Problem 409 ({@code lease-in-force}) naming the leases that hold one of its parcels
     */
    static void putInForce(Connection connection, LeaseRepository.LockedLease lease) {
        try {
            activateRetrying(connection, lease);
        } catch (SQLException e) {
            throw new DatabaseException("SAVEPOINT", e);
        }
    }

    private static void activateRetrying(Connection connection, LeaseRepository.LockedLease lease) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                requireUpdated(
                        LeaseRepository.updateStatus(
                                connection, lease, LeaseStatus.ACTIVE, Optional.empty(), Optional.empty()),
                        lease);
                connection.releaseSavepoint(savepoint);
                return;
            } catch (DatabaseException e) {
                connection.rollback(savepoint);
                String sqlState = e.sqlState().orElse("");
                if (sqlState.equals(EXCLUSION_VIOLATION)) {
                    rejectConflicts(LeaseRepository.listConflicts(
                            connection,
                            LeaseRepository.listParcelIds(connection, lease.id()),
                            lease.startsOn(),
                            lease.endsOn(),
                            lease.id()));
                    throw new Problem(
                            LeaseProblem.LEASE_IN_FORCE,
                            "Another lease was put in force on one of these parcels at the same moment; reload and"
                                    + " try again. Nothing was saved.",
                            Map.of("lease", lease.id()));
                }
                if (!sqlState.equals(DEADLOCK_DETECTED) || attempt == ACTIVATION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Closes {@code lease} by {@code transition} on {@code closedOn}, for the change's reason. */
    static void close(
            Connection connection,
            LeaseRepository.LockedLease lease,
            Transition transition,
            LocalDate closedOn,
            Change change) {
        requireUpdated(
                LeaseRepository.updateStatus(
                        connection, lease, transition.to(), Optional.of(closedOn), change.reason()),
                lease);
    }

    static void requireUpdated(boolean updated, LeaseRepository.LockedLease lease) {
        if (!updated) {
            // The row is locked, so only a bug gets here; answer as a stale version rather than write.
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Lease " + lease.code() + " changed while you wrote; reload it and try again.",
                    Map.of("lease", lease.id()));
        }
    }

    /** 409 naming every lease in force that collides, with its parcel and its days in force. */
    static void rejectConflicts(List<LeaseRepository.Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            return;
        }
        String named = conflicts.stream()
                .map(conflict -> "parcel " + conflict.parcelCode() + " is held by lease " + conflict.code() + " ("
                        + conflict.status().databaseCode() + ", in force from " + conflict.from() + " until "
                        + conflict.until()
                        + ")")
                .collect(Collectors.joining("; "));
        throw new Problem(
                LeaseProblem.LEASE_IN_FORCE,
                "A parcel holds one lease at a time: " + named + ". Nothing was saved.",
                Map.of("conflicts", conflicts));
    }

    /** The audit entry of {@code transition} of {@code lease} (as it was before), with {@code details} added. */
    static void recordTransition(
            AuditLog audit,
            Connection connection,
            Change change,
            LeaseRepository.LockedLease lease,
            Transition transition,
            Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", lease.code());
        all.put("from", lease.status().databaseCode());
        all.put("version", lease.version() + 1);
        all.putAll(details);
        audit.record(
                connection, change, AuditEvent.of(lease.trustId(), "lease", lease.id(), transition.operation(), all));
    }

    /** The audit entry of a lease created in {@code status} at {@code version}, with {@code details} added. */
    static void recordCreate(
            AuditLog audit,
            Connection connection,
            Change change,
            long trustId,
            long leaseId,
            NewLease lease,
            LeaseStatus status,
            int version,
            Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("code", lease.code());
        all.put("status", status.databaseCode());
        all.put("version", version);
        all.putAll(details);
        all.put("parcels", lease.parcelIds());
        audit.record(connection, change, AuditEvent.of(trustId, "lease", leaseId, "create", all));
    }

    /** Writes {@code lease} as a draft with its parcels and lessees, marked as {@code create}; returns its id. */
    static long create(Connection connection, NewLease lease, Change change) {
        change.mark(connection, "create");
        long id = LeaseRepository.createLease(connection, lease);
        LeaseRepository.createParcels(connection, id, lease.trustId(), lease.parcelIds());
        LeaseRepository.createLessees(connection, id, lease.trustId(), lease.lessees());
        return id;
    }

    /** @throws Problem 409 ({@code code-taken}) when the trust already has a lease with {@code code} */
    static void requireCodeFree(Connection connection, long trustId, String trustCode, String code) {
        if (LeaseRepository.isCodeTaken(connection, trustId, code)) {
            throw new Problem(
                    CommonProblem.CODE_TAKEN,
                    "Trust " + trustCode + " already has a lease with code " + code + ".",
                    Map.of("field", "code", "code", code));
        }
    }

    /** The lease as it is now, in the caller's transaction. */
    static Lease getLease(Connection connection, long id) {
        return LeaseRepository.findLease(connection, id).orElseThrow();
    }
}
