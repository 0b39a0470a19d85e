package org.tierra.leases;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditLog;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.leases.LeaseWrites.Transition;
import org.tierra.money.Currencies;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * The leases' part of a sale of the home on the land (an assignment), in three steps that the resale
 * feature runs, with the price between them, in one transaction of its own: {@link #lockForAssignment},
 * {@link #checkSuccessor}, {@link #handOver}. The active lease closes as assigned on the day of the sale,
 * and the next lease opens in force on the same parcels from that day, with the same terms, the resale
 * policy's latest version and the price as its purchase price. Every method works on the caller's
 * connection.
 */
public final class LeaseHandover {

    private final AuditLog audit;

    public LeaseHandover(AuditLog audit) {
        this.audit = audit;
    }

    /**
     * The next lease as the sale asks for it.
     *
     * @param startsOn the day of the sale, when the lease being sold closes
     * @param termYears how long the next lease runs; 99 years when not given
     * @param appraisal the home's appraised value at the sale, in the lease's currency, if the sale gives one
     */
    public record Successor(
            String code,
            List<LeaseTerms.LesseeShare> lessees,
            LocalDate startsOn,
            Optional<Integer> termYears,
            Optional<BigDecimal> appraisal) {}

    /** A successor checked against the trust, ready to open once the sale is priced. */
    public static final class CheckedSuccessor {
        private final Successor successor;
        private final List<NewLease.Lessee> lessees;
        private final Optional<BigDecimal> appraisal;

        private CheckedSuccessor(Successor successor, List<NewLease.Lessee> lessees, Optional<BigDecimal> appraisal) {
            this.successor = successor;
            this.lessees = lessees;
            this.appraisal = appraisal;
        }

        /** The appraisal at the sale, with the currency's decimals: what the price is computed from. */
        public Optional<BigDecimal> appraisal() {
            return appraisal;
        }
    }

    /**
     * Step one: lease {@code leaseId}, row-locked, once the caller may write it and it can be assigned on
     * {@code on}.
     *
     * @throws Problem 404, 403, 412 as every lease write; 409 ({@code lease-status}) unless it is active; 422
     *     ({@code on}) unless {@code on} falls within its term, before its last day
     */
    public Lease lockForAssignment(
            Connection connection, Principal principal, long leaseId, LocalDate on, ExpectedVersions expected) {
        LeaseRepository.LockedLease lease = LeaseWrites.lockForWrite(connection, principal, leaseId, expected);
        Transition.ASSIGN.requireFrom(lease);
        if (on.isBefore(lease.startsOn()) || !on.isBefore(lease.endsOn())) {
            throw Problem.invalidField(
                    "on",
                    "Lease " + lease.code() + " is in force from " + lease.startsOn() + " until " + lease.endsOn()
                            + "; it can be assigned on a day within that term, not on " + on + ".");
        }
        return LeaseWrites.getLease(connection, leaseId);
    }

    /**
     * Step two: checks the next lease's lessees, appraisal and code against {@code current}'s trust.
     *
     * @throws Problem 422 naming {@code lessees}, {@code lessees[i].party} or {@code currentAppraisal}; 409
     *     ({@code code-taken}) for a code the trust has used
     */
    public CheckedSuccessor checkSuccessor(Connection connection, Lease current, Successor successor) {
        Trust trust =
                TrustRepository.findTrustById(connection, current.trustId()).orElseThrow();
        List<NewLease.Lessee> lessees = LeaseTermsCheck.checkLessees(connection, trust, successor.lessees());
        String currency = current.fee().currency();
        Optional<BigDecimal> appraisal = successor
                .appraisal()
                .map(value -> LeaseTermsCheck.checkAmount(
                        "currentAppraisal",
                        value,
                        currency,
                        Currencies.findMinorUnits(connection, currency).orElseThrow()));
        LeaseWrites.requireCodeFree(connection, trust.id(), trust.code(), successor.code());
        return new CheckedSuccessor(successor, lessees, appraisal);
    }

    /**
     * Step three: closes {@code current} as assigned on the day of the sale and opens the next lease in
     * force at {@code price}; both are versioned and audited as {@code change}.
     *
     * @param price the resale price, in {@code current}'s currency
     * @return the next lease's id
     * @throws Problem 409 ({@code lease-in-force}) when another lease holds one of the parcels after the sale
     */
    public long handOver(Connection connection, Lease current, CheckedSuccessor next, BigDecimal price, Change change) {
        Successor successor = next.successor;
        Optional<Lease.PolicyRef> latestPolicy = current.resalePolicy()
                .flatMap(policy -> LeaseRepository.findPolicyVersion(
                        connection, current.trustId(), Optional.of(policy.id()), Optional.empty(), Optional.empty()));
        NewLease lease = new NewLease(
                current.trustId(),
                successor.code(),
                current.parcelIds(),
                next.lessees,
                successor.startsOn(),
                successor.startsOn().plusYears(successor.termYears().orElse(LeaseTermsCheck.DEFAULT_TERM_YEARS)),
                current.renewable(),
                current.renewalTermYears(),
                current.permittedUse(),
                current.fee(),
                current.escalation(),
                latestPolicy,
                // The index value at this purchase is the resale engine's to look up when it is needed.
                Optional.of(new Purchase(Optional.of(price), next.appraisal, Optional.empty())),
                Optional.empty());
        LeaseRepository.LockedLease from =
                LeaseRepository.findForUpdate(connection, current.id()).orElseThrow();
        change.mark(connection, Transition.ASSIGN.operation());
        LeaseWrites.close(connection, from, Transition.ASSIGN, successor.startsOn(), change);
        long nextId = LeaseWrites.create(connection, lease, change);
        change.mark(connection, Transition.ACTIVATE.operation());
        LeaseWrites.putInForce(
                connection, LeaseRepository.findForUpdate(connection, nextId).orElseThrow());
        LeaseWrites.recordTransition(
                audit,
                connection,
                change,
                from,
                Transition.ASSIGN,
                Map.of(
                        "on", successor.startsOn().toString(),
                        "toLease", nextId,
                        "toCode", successor.code(),
                        "resalePrice", price.toPlainString(),
                        "currency", current.fee().currency()));
        LeaseWrites.recordCreate(
                audit,
                connection,
                change,
                current.trustId(),
                nextId,
                lease,
                LeaseStatus.ACTIVE,
                2,
                Map.of("fromLease", current.id()));
        return nextId;
    }

    /** Lease {@code id} as it is now, in the caller's transaction (after the sale is recorded). */
    public Lease getLease(Connection connection, long id) {
        return LeaseWrites.getLease(connection, id);
    }
}
