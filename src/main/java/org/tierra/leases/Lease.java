package org.tierra.leases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.http.Json;

/**
 * A ground lease as the registry holds it now: its parcels, lessees with their exact shares, term,
 * fee, escalation, resale policy version, purchase facts, status and closing, and the leases an
 * assignment links it to. Holds personal data (the lessees' names): shown to the trust's admin, board
 * and staff and to the lease's own lessees only.
 *
 * @param endsOn exclusive: the lease is in force until the day before
 * @param closedOn the day an assigned, terminated or expired lease stopped being in force, or a draft was
 *     cancelled
 */
public record Lease(
        long id,
        long trustId,
        String trust,
        String code,
        String status,
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
        Optional<PolicyRef> resalePolicy,
        Optional<BigDecimal> purchasePrice,
        Optional<BigDecimal> purchaseAppraisal,
        Optional<BigDecimal> purchaseIndexValue,
        Optional<LocalDate> closedOn,
        Optional<String> closeReason,
        Optional<String> notes,
        int version,
        List<LeasedParcel> parcels,
        List<Lessee> lessees,
        Optional<LeaseRef> previousLease,
        Optional<LeaseRef> nextLease) {

    /** A parcel the lease covers. */
    public record LeasedParcel(long id, String code) {}

    /** A lessee (a party) and their exact share. */
    public record Lessee(long partyId, String name, Share share) {}

    /** A resale policy at the version the lease signed. */
    public record PolicyRef(long id, String code, int version) {}

    /** Another lease, by id and code (the one before or after an assignment). */
    public record LeaseRef(long id, String code) {}

    public Lease {
        parcels = List.copyOf(parcels);
        lessees = List.copyOf(lessees);
    }

    /** The same lease with its parcels and lessees, read after its row. */
    Lease with(List<LeasedParcel> leasedParcels, List<Lessee> leaseLessees) {
        return new Lease(
                id,
                trustId,
                trust,
                code,
                status,
                startsOn,
                endsOn,
                renewable,
                renewalTermYears,
                permittedUse,
                feeAmount,
                currency,
                feePeriod,
                escalation,
                escalationPercent,
                escalationIndex,
                resalePolicy,
                purchasePrice,
                purchaseAppraisal,
                purchaseIndexValue,
                closedOn,
                closeReason,
                notes,
                version,
                leasedParcels,
                leaseLessees,
                previousLease,
                nextLease);
    }

    /** The strong ETag of this version, {@code "<id>-<version>"}, as parcels have. */
    public String etag() {
        return "\"" + id + "-" + version + "\"";
    }

    /** The lease as the API shows it; amounts are decimal texts, never binary floating point. */
    public Map<String, Object> toJson() {
        return Json.fields(
                "id", id,
                "trust", trust,
                "code", code,
                "status", status,
                "version", version,
                "startsOn", startsOn.toString(),
                "endsOn", endsOn.toString(),
                "renewable", renewable,
                "renewalTermYears", renewalTermYears.orElse(null),
                "permittedUse", permittedUse,
                "fee", Json.fields("amount", feeAmount.toPlainString(), "currency", currency, "period", feePeriod),
                "escalation",
                        Json.fields(
                                "kind", escalation,
                                "percent",
                                        escalationPercent
                                                .map(percent -> percent.stripTrailingZeros()
                                                        .toPlainString())
                                                .orElse(null),
                                "index", escalationIndex.orElse(null)),
                "resalePolicy",
                        resalePolicy
                                .map(policy -> Json.fields(
                                        "id", policy.id(), "code", policy.code(), "version", policy.version()))
                                .orElse(null),
                "purchase",
                        purchasePrice.isEmpty() && purchaseAppraisal.isEmpty() && purchaseIndexValue.isEmpty()
                                ? null
                                : Json.fields(
                                        "price", plain(purchasePrice),
                                        "appraisal", plain(purchaseAppraisal),
                                        "indexValue", plain(purchaseIndexValue)),
                "parcels",
                        parcels.stream()
                                .map(parcel -> Json.fields("id", parcel.id(), "code", parcel.code()))
                                .toList(),
                "lessees",
                        lessees.stream()
                                .map(lessee -> Json.fields(
                                        "party", lessee.partyId(),
                                        "name", lessee.name(),
                                        "share", lessee.share().toString(),
                                        "shareDecimal", lessee.share().toDecimalString()))
                                .toList(),
                "closedOn", closedOn.map(LocalDate::toString).orElse(null),
                "closeReason", closeReason.orElse(null),
                "notes", notes.orElse(null),
                "previousLease", previousLease.map(Lease::describe).orElse(null),
                "nextLease", nextLease.map(Lease::describe).orElse(null));
    }

    private static String plain(Optional<BigDecimal> amount) {
        return amount.map(BigDecimal::toPlainString).orElse(null);
    }

    private static Map<String, Object> describe(LeaseRef lease) {
        return Json.fields("id", lease.id(), "code", lease.code(), "href", "/api/v1/leases/" + lease.id());
    }
}
