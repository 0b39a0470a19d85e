package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.tierra.core.VersionTag;

/**
 * A ground lease as the registry holds it now: its parcels, lessees with their exact shares, term, fee,
 * escalation, resale policy version, purchase facts, status and closing, and the leases an assignment
 * links it to. Serialized as it is, member by member in this order, as the API shows a lease (members
 * without a value are {@code null}). Holds personal data (the lessees' names): shown to the trust's admin,
 * board and staff and to the lease's own lessees only.
 *
 * @param trustId the trust's id, not shown: {@code trust} is its code
 * @param endsOn exclusive: the lease is in force until the day before
 * @param purchase empty when none of its facts is known
 * @param closedOn the day an assigned, terminated or expired lease stopped being in force, or a draft was
 *     cancelled
 */
public record Lease(
        long id,
        @JsonIgnore long trustId,
        String trust,
        String code,
        LeaseStatus status,
        int version,
        LocalDate startsOn,
        LocalDate endsOn,
        boolean renewable,
        Optional<Integer> renewalTermYears,
        PermittedUse permittedUse,
        Fee fee,
        Escalation escalation,
        Optional<PolicyRef> resalePolicy,
        Optional<Purchase> purchase,
        List<LeasedParcel> parcels,
        List<Lessee> lessees,
        Optional<LocalDate> closedOn,
        Optional<String> closeReason,
        Optional<String> notes,
        Optional<LeaseRef> previousLease,
        Optional<LeaseRef> nextLease) {

    /** A parcel the lease covers. */
    public record LeasedParcel(long id, String code) {}

    /** A lessee (a party) and their exact share, shown also as a decimal. */
    public record Lessee(@JsonProperty("party") long partyId, String name, Share share) {

        /** The share as a decimal for display, e.g. {@code 0.3333333333}. */
        @JsonProperty("shareDecimal")
        public String shareDecimal() {
            return share.toDecimalString();
        }
    }

    /** A resale policy at the version the lease signed. */
    public record PolicyRef(long id, String code, int version) {}

    /** Another lease, by id and code (the one before or after an assignment), with its address. */
    public record LeaseRef(long id, String code) {

        /** The lease's path in the API. */
        @JsonProperty("href")
        public String href() {
            return "/api/v1/leases/" + id;
        }
    }

    public Lease {
        parcels = List.copyOf(parcels);
        lessees = List.copyOf(lessees);
    }

    /** The same lease with its parcels and lessees, read after its row. */
    Lease withParcelsAndLessees(List<LeasedParcel> leasedParcels, List<Lessee> leaseLessees) {
        return new Lease(
                id,
                trustId,
                trust,
                code,
                status,
                version,
                startsOn,
                endsOn,
                renewable,
                renewalTermYears,
                permittedUse,
                fee,
                escalation,
                resalePolicy,
                purchase,
                leasedParcels,
                leaseLessees,
                closedOn,
                closeReason,
                notes,
                previousLease,
                nextLease);
    }

    /** This version of the lease, as its ETag {@code "<id>-<version>"} names it. */
    public VersionTag versionTag() {
        return new VersionTag(id, version);
    }

    /** The ids of the parcels the lease covers. */
    public List<Long> parcelIds() {
        return parcels.stream().map(LeasedParcel::id).toList();
    }
}
