package org.tierra.resale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An improvement the lessees made to the home (a new roof, a well) that a resale policy may credit, in
 * the currency of the resale.
 *
 * @param on the day it was recorded
 * @param description what it was, as recorded (shown in the worksheet)
 * @param amount what it is worth, never negative
 */
public record ImprovementCredit(LocalDate on, String description, BigDecimal amount) {

    public ImprovementCredit {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("an improvement credit is never negative: " + amount);
        }
    }
}
