package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the lessees paid for the home on the land (its improvements) and the facts at purchase a resale
 * policy needs, each a decimal text in JSON or {@code null}.
 *
 * @param price in the lease's currency, never negative
 * @param appraisal the appraised value at purchase, in the lease's currency, never negative
 * @param indexValue the price index's value at purchase, positive
 */
public record Purchase(
        @JsonFormat(shape = JsonFormat.Shape.STRING) Optional<BigDecimal> price,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Optional<BigDecimal> appraisal,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Optional<BigDecimal> indexValue) {

    /** The purchase, unless none of its facts is known. */
    public static Optional<Purchase> ofAny(
            Optional<BigDecimal> price, Optional<BigDecimal> appraisal, Optional<BigDecimal> indexValue) {
        return price.isEmpty() && appraisal.isEmpty() && indexValue.isEmpty()
                ? Optional.empty()
                : Optional.of(new Purchase(price, appraisal, indexValue));
    }
}
