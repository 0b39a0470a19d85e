package org.tierra.resale;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A resale price computed by one version of a resale policy, with the worksheet that shows how it was
 * reached. {@code price} equals {@code worksheet.price()}: already rounded to the currency's minor units.
 */
public record ResaleQuote(
        long policyId, int policyVersion, String family, BigDecimal price, String currency, Worksheet worksheet) {

    public ResaleQuote {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(worksheet, "worksheet");
        if (price.compareTo(worksheet.price()) != 0) {
            throw new IllegalArgumentException("a quote's price is its worksheet's price");
        }
    }
}
