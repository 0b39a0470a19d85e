package org.tierra.stewardship;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.http.Json;

/**
 * Something that happened on the land, as recorded (append-only): an inspection, an improvement, a
 * violation and its cure, a refinance approval, a resale, an agricultural practice.
 *
 * @param longitude with {@code latitude}, where it was seen, in EPSG:4326 degrees; empty when not given
 * @param improvementValue improvements only, in {@code currency}
 */
public record StewardshipEvent(
        long id,
        long trustId,
        String trustCode,
        Optional<Long> parcelId,
        Optional<String> parcelCode,
        Optional<Long> leaseId,
        Optional<String> leaseCode,
        String kind,
        LocalDate occurredOn,
        Optional<String> notes,
        Optional<Double> longitude,
        Optional<Double> latitude,
        Optional<BigDecimal> improvementValue,
        Optional<String> currency,
        Optional<Long> curesEventId,
        Instant createdAt,
        String createdByName) {

    /** The kinds the database accepts. */
    public static final Set<String> KINDS = Set.of(
            "inspection", "improvement", "violation", "cure", "refinance_approval", "resale", "agricultural_practice");

    public StewardshipEvent {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown event kind " + kind);
        }
        if (parcelId.isEmpty() && leaseId.isEmpty()) {
            throw new IllegalArgumentException("an event concerns a parcel, a lease or both");
        }
    }

    /** The event as the API shows it. */
    Map<String, Object> toJson() {
        return Json.fields(
                "id", id,
                "trust", trustCode,
                "parcel", parcelId.orElse(null),
                "parcelCode", parcelCode.orElse(null),
                "lease", leaseId.orElse(null),
                "leaseCode", leaseCode.orElse(null),
                "kind", kind,
                "occurredOn", occurredOn.toString(),
                "notes", notes.orElse(null),
                "location",
                        longitude.isPresent()
                                ? Json.fields(
                                        "type",
                                        "Point",
                                        "coordinates",
                                        java.util.List.of(longitude.get(), latitude.get()))
                                : null,
                "improvementValue",
                        improvementValue
                                .map(amount ->
                                        Json.fields("amount", amount.toPlainString(), "currency", currency.get()))
                                .orElse(null),
                "curesEvent", curesEventId.orElse(null),
                "createdAt", createdAt.toString(),
                "createdBy", createdByName);
    }
}
