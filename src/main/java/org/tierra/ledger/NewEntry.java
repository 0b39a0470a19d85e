package org.tierra.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * A payment or an adjustment as the trust's staff records it ({@link Ledger#createEntry}).
 *
 * @param amount as given: a payment is what was received (positive; stored negative), an adjustment
 *     raises what is owed when positive and lowers it when negative
 * @param currency a payment's currency when the client names it; it must be the lease's
 * @param on the day the money was received or the correction made, never ahead of time
 * @param reference a payment's receipt or transfer reference
 */
public record NewEntry(
        LedgerEntry.Kind kind, BigDecimal amount, Optional<String> currency, LocalDate on, Optional<String> reference) {

    /** Where a day begins first: a date that has begun there is not refused as being in the future. */
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    public NewEntry {
        if (kind == LedgerEntry.Kind.CHARGE) {
            throw new IllegalArgumentException("charges are written from the lease's terms, not recorded");
        }
        requireAmount(kind, amount);
        if (kind == LedgerEntry.Kind.ADJUSTMENT && (currency.isPresent() || reference.isPresent())) {
            throw new IllegalArgumentException("an adjustment is in the lease's currency and has no reference");
        }
    }

    /** A payment received. */
    public static NewEntry payment(
            BigDecimal amount, Optional<String> currency, LocalDate paidOn, Optional<String> reference) {
        return new NewEntry(LedgerEntry.Kind.PAYMENT, amount, currency, paidOn, reference);
    }

    /** An adjustment; its reason is the change's. */
    public static NewEntry adjustment(BigDecimal amount, LocalDate on) {
        return new NewEntry(LedgerEntry.Kind.ADJUSTMENT, amount, Optional.empty(), on, Optional.empty());
    }

    /**
     * Refuses an amount of the wrong sign for {@code kind}.
     *
     * @throws Problem 422 naming {@code amount}
     */
    public static BigDecimal requireAmount(LedgerEntry.Kind kind, BigDecimal amount) {
        if (kind == LedgerEntry.Kind.PAYMENT && amount.signum() <= 0) {
            throw Problem.invalidField(
                    "amount",
                    "A payment is a positive amount (what was received); record a refund or a correction as an"
                            + " adjustment.");
        }
        if (kind == LedgerEntry.Kind.ADJUSTMENT && amount.signum() == 0) {
            throw Problem.invalidField(
                    "amount", "An adjustment is non-zero: positive raises what is owed, negative lowers it.");
        }
        return amount;
    }

    /**
     * Refuses a date that has not begun anywhere yet: money received or a correction made is never
     * recorded ahead of time.
     *
     * @throws Problem 422 naming {@code field}
     */
    public static LocalDate requireHappened(String field, LocalDate date) {
        if (date.isAfter(LocalDate.now(EARLIEST_ZONE))) {
            throw Problem.invalidField(
                    field, "'" + field + "' is in the future (" + date + "); record it on or after the day.");
        }
        return date;
    }

    /** The amount as stored: a payment lowers what is owed. */
    BigDecimal signedAmount() {
        return kind == LedgerEntry.Kind.PAYMENT ? amount.negate() : amount;
    }
}
