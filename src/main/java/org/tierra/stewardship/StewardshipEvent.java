package org.tierra.stewardship;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Something that happened on the land, as recorded (append-only) and as the API shows it: an
 * inspection, an improvement, a violation and its cure, a refinance approval, a resale, an agricultural
 * practice. Empty members are written as {@code null}.
 *
 * @param location where it was seen; empty when not given
 * @param improvementValue improvements only
 */
public record StewardshipEvent(
        long id,
        @JsonIgnore long trustId,
        @JsonProperty("trust") String trustCode,
        @JsonProperty("parcel") Optional<Long> parcelId,
        Optional<String> parcelCode,
        @JsonProperty("lease") Optional<Long> leaseId,
        Optional<String> leaseCode,
        EventKind kind,
        LocalDate occurredOn,
        Optional<String> notes,
        Optional<Point> location,
        Optional<Money> improvementValue,
        @JsonProperty("curesEvent") Optional<Long> curesEventId,
        Instant createdAt,
        @JsonProperty("createdBy") String createdByName) {

    public StewardshipEvent {
        if (parcelId.isEmpty() && leaseId.isEmpty()) {
            throw new IllegalArgumentException("an event concerns a parcel, a lease or both");
        }
    }

    /**
     * An amount of money as recorded.
     *
     * @param amount a decimal text as stored, e.g. {@code "125000.50"}
     * @param currency its ISO 4217 code
     */
    public record Money(String amount, String currency) {

        static Money of(BigDecimal amount, String currency) {
            return new Money(amount.toPlainString(), currency);
        }
    }
}
