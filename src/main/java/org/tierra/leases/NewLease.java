package org.tierra.leases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A lease about to be written, every field already checked against the trust's parcels, parties,
 * currencies and policies. The compact constructor repeats the rules the database holds, as a last
 * guard against a reading bug; users get their field-named errors from {@link LeaseInput} first.
 *
 * @param endsOn exclusive: the lease is in force from {@code startsOn} to the day before {@code endsOn}
 * @param feeAmount in {@code currency}, with no more decimals than the currency has
 */
record NewLease(
        long trustId,
        String code,
        List<Long> parcelIds,
        List<Lessee> lessees,
        LocalDate startsOn,
        LocalDate endsOn,
        boolean renewable,
        Optional<Integer> renewalTermYears,
        String permittedUse,
        BigDecimal feeAmount,
        String currency,
        String feePeriod,
        String escalation,
        Optional<BigDecimal> escalationPercent,
        Optional<String> escalationIndex,
        Optional<Lease.PolicyRef> resalePolicy,
        Optional<BigDecimal> purchasePrice,
        Optional<BigDecimal> purchaseAppraisal,
        Optional<BigDecimal> purchaseIndexValue,
        Optional<String> notes) {

    /** One lessee and their share. */
    record Lessee(long partyId, Share share) {}

    NewLease {
        parcelIds = List.copyOf(parcelIds);
        lessees = List.copyOf(lessees);
        if (parcelIds.isEmpty() || lessees.isEmpty()) {
            throw new IllegalArgumentException("a lease covers at least one parcel and has at least one lessee");
        }
        if (new HashSet<>(parcelIds).size() != parcelIds.size()) {
            throw new IllegalArgumentException("a parcel is listed twice");
        }
        if (lessees.stream().map(Lessee::partyId).distinct().count() != lessees.size()) {
            throw new IllegalArgumentException("a lessee is listed twice");
        }
        if (!lessees.stream()
                .map(Lessee::share)
                .reduce(Share::plus)
                .orElseThrow()
                .equals(Share.ONE)) {
            throw new IllegalArgumentException("the lessees' shares must add up to exactly 1");
        }
        if (!endsOn.isAfter(startsOn)) {
            throw new IllegalArgumentException("a lease ends after it starts");
        }
        if (feeAmount.signum() < 0) {
            throw new IllegalArgumentException("a fee is never negative");
        }
        if (escalation.equals("fixed_percent") != escalationPercent.isPresent()
                || escalation.equals("index_linked") != escalationIndex.isPresent()) {
            throw new IllegalArgumentException("escalation " + escalation + " does not match its percent or index");
        }
    }
}
