package org.tierra.leases;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A lease about to be written, every term already checked against the trust's parcels, parties,
 * currencies and policies ({@link LeaseTermsCheck}). The compact constructor repeats the rules the database
 * holds, as a last guard against a checking bug; users get their field-named errors first.
 *
 * @param endsOn exclusive: the lease is in force from {@code startsOn} to the day before {@code endsOn}
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
        PermittedUse permittedUse,
        Fee fee,
        Escalation escalation,
        Optional<Lease.PolicyRef> resalePolicy,
        Optional<Purchase> purchase,
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
    }
}
