package org.tierra.stewardship;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * An event as the trust's staff records it ({@link Stewardship#createEvent}). The service checks what
 * needs the database: that the parcel and lease exist in one trust, the value's currency, the cured
 * violation, and that the location lies on the land.
 *
 * @param occurredOn never in the future: a record of what happened
 * @param improvementValue improvements only
 * @param curesEventId cures only: the violation cured
 */
public record NewEvent(
        Optional<Long> parcelId,
        Optional<Long> leaseId,
        EventKind kind,
        LocalDate occurredOn,
        Optional<String> notes,
        Optional<Point> location,
        Optional<GivenValue> improvementValue,
        Optional<Long> curesEventId) {

    public NewEvent {
        requireSubject(parcelId, leaseId);
        requireValueOnlyForImprovement(kind, improvementValue.isPresent());
        requireCuresOnlyForCure(kind, curesEventId.isPresent());
    }

    /**
     * An improvement's value as the client gave it, checked against its currency's decimals only once the
     * currency is known.
     *
     * @param currency the ISO 4217 code, if given
     * @param amount the amount, if given
     */
    public record GivenValue(Optional<String> currency, Optional<GivenAmount> amount) {}

    /**
     * An amount as given.
     *
     * @param value the decimal it reads as; empty when it is not a number
     * @param asGiven the JSON as sent, to quote in a refusal
     */
    public record GivenAmount(Optional<BigDecimal> value, String asGiven) {}

    /**
     * Refuses an event about nothing.
     *
     * @throws Problem 422 naming {@code parcel}
     */
    public static void requireSubject(Optional<Long> parcelId, Optional<Long> leaseId) {
        if (parcelId.isEmpty() && leaseId.isEmpty()) {
            throw Problem.invalidField("parcel", "Name the parcel, the lease or both that the event concerns.");
        }
    }

    /**
     * Refuses a value on an event that is not an improvement.
     *
     * @throws Problem 422 naming {@code improvementValue}
     */
    public static void requireValueOnlyForImprovement(EventKind kind, boolean valueGiven) {
        if (valueGiven && kind != EventKind.IMPROVEMENT) {
            throw Problem.invalidField(
                    "improvementValue",
                    "Only an improvement carries a value; this event is a " + kind.databaseCode() + ".");
        }
    }

    /**
     * Refuses a cured event on an event that is not a cure.
     *
     * @throws Problem 422 naming {@code curesEvent}
     */
    public static void requireCuresOnlyForCure(EventKind kind, boolean curesGiven) {
        if (curesGiven && kind != EventKind.CURE) {
            throw Problem.invalidField(
                    "curesEvent",
                    "Only a cure names the violation it cures; this event is a " + kind.databaseCode() + ".");
        }
    }
}
