package org.tierra.resale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resale formula is applied to: the home's purchase, the sale, and the optional facts only some
 * families need (appraisals for {@code appraisal}, index values for {@code index_linked}). Amounts are
 * exact and in {@code currency}; a formula that needs a fact that is absent reports it by name
 * ({@link ResaleFormula}).
 *
 * @param currency ISO 4217 code, e.g. {@code MXN}
 * @param purchasePrice what the selling lessees paid for the home, never negative
 * @param purchasedOn the day they bought it (for a lease: the lease's start)
 * @param soldOn the day of the resale
 * @param improvements credits recorded between purchase and sale, in {@code currency}
 */
public record ResaleFacts(
        String currency,
        BigDecimal purchasePrice,
        LocalDate purchasedOn,
        LocalDate soldOn,
        Optional<BigDecimal> purchaseAppraisal,
        Optional<BigDecimal> currentAppraisal,
        Optional<BigDecimal> purchaseIndexValue,
        Optional<BigDecimal> currentIndexValue,
        List<ImprovementCredit> improvements) {

    public ResaleFacts {
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("a currency is an ISO 4217 code such as MXN, got " + currency);
        }
        Objects.requireNonNull(purchasePrice, "purchasePrice");
        if (purchasePrice.signum() < 0) {
            throw new IllegalArgumentException("a purchase price is never negative: " + purchasePrice);
        }
        Objects.requireNonNull(purchasedOn, "purchasedOn");
        Objects.requireNonNull(soldOn, "soldOn");
        requireNotNegative("purchaseAppraisal", purchaseAppraisal);
        requireNotNegative("currentAppraisal", currentAppraisal);
        requirePositive("purchaseIndexValue", purchaseIndexValue);
        requirePositive("currentIndexValue", currentIndexValue);
        improvements = List.copyOf(improvements);
    }

    private static void requireNotNegative(String name, Optional<BigDecimal> value) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.get().signum() < 0) {
            throw new IllegalArgumentException(name + " is never negative: " + value.get());
        }
    }

    private static void requirePositive(String name, Optional<BigDecimal> value) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.get().signum() <= 0) {
            throw new IllegalArgumentException(name + " is always positive: " + value.get());
        }
    }
}
