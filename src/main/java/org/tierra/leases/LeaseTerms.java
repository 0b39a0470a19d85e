package org.tierra.leases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The terms of a lease as a client gives them: the body of a create, or a draft with an edit laid over it
 * ({@link LeaseTermsPatch}). Each member is already read on its own (its type, its form, a known code, no
 * parcel or lessee listed twice); empty where it was not given. {@link LeaseLifecycle} checks them whole:
 * what is required, defaults, the members against each other and against the trust's parcels, parties,
 * currencies, price indexes and resale policies.
 *
 * @param lessees in the order given (errors name {@code lessees[i]}); empty when none was given
 * @param termYears how long the lease runs, instead of {@code endsOn}
 * @param endsOn exclusive, instead of {@code termYears}
 */
public record LeaseTerms(
        Optional<String> code,
        Optional<List<Long>> parcels,
        List<LesseeShare> lessees,
        Optional<LocalDate> startsOn,
        Optional<Integer> termYears,
        Optional<LocalDate> endsOn,
        Optional<Boolean> renewable,
        Optional<Integer> renewalTermYears,
        Optional<PermittedUse> permittedUse,
        Optional<FeeTerms> fee,
        Optional<EscalationTerms> escalation,
        Optional<PolicyChoice> resalePolicy,
        Optional<PurchaseTerms> purchase,
        Optional<String> notes) {

    /**
     * A lessee as given: a party and their share.
     *
     * @param given the share as the client wrote it, e.g. {@code 0.5}, quoted back when the shares do not add up
     */
    public record LesseeShare(long partyId, Share share, String given) {}

    /** The fee as given; the currency defaults to MXN and the period to monthly. */
    public record FeeTerms(Optional<BigDecimal> amount, Optional<String> currency, Optional<Fee.Period> period) {}

    /** The escalation as given; the kind defaults to none. */
    public record EscalationTerms(
            Optional<Escalation.Kind> kind, Optional<BigDecimal> percent, Optional<String> index) {}

    /** A resale policy of the trust, by id or by code, at {@code version} or else its latest version. */
    public record PolicyChoice(Optional<Long> id, Optional<String> code, Optional<Integer> version) {}

    /** The purchase as given; its price is required once a purchase is given. */
    public record PurchaseTerms(
            Optional<BigDecimal> price, Optional<BigDecimal> appraisal, Optional<BigDecimal> indexValue) {}

    public LeaseTerms {
        parcels = parcels.map(List::copyOf);
        lessees = List.copyOf(lessees);
    }

    /** The terms of {@code lease} as a create would give them, to lay an edit over. */
    static LeaseTerms of(Lease lease) {
        return new LeaseTerms(
                Optional.of(lease.code()),
                Optional.of(lease.parcelIds()),
                lease.lessees().stream()
                        .map(lessee -> new LesseeShare(
                                lessee.partyId(), lessee.share(), lessee.share().toString()))
                        .toList(),
                Optional.of(lease.startsOn()),
                Optional.empty(),
                Optional.of(lease.endsOn()),
                Optional.of(lease.renewable()),
                lease.renewalTermYears(),
                Optional.of(lease.permittedUse()),
                Optional.of(new FeeTerms(
                        Optional.of(lease.fee().amount()),
                        Optional.of(lease.fee().currency()),
                        Optional.of(lease.fee().period()))),
                Optional.of(new EscalationTerms(
                        Optional.of(lease.escalation().kind()),
                        lease.escalation().percent(),
                        lease.escalation().index())),
                lease.resalePolicy()
                        .map(policy -> new PolicyChoice(
                                Optional.of(policy.id()), Optional.empty(), Optional.of(policy.version()))),
                lease.purchase()
                        .map(purchase ->
                                new PurchaseTerms(purchase.price(), purchase.appraisal(), purchase.indexValue())),
                lease.notes());
    }
}
