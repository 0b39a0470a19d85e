package org.tierra.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import tools.jackson.databind.JsonNode;

/** The ledger's request bodies, read strictly: money as exact decimals, never floating point, checked field by field. */
final class LedgerInput {

    static final Set<String> LEASE_CHARGE_FIELDS = Set.of("through", "reason");
    static final Set<String> TRUST_CHARGE_FIELDS = Set.of("trust", "through", "reason");
    static final Set<String> PAYMENT_FIELDS = Set.of("amount", "currency", "paidOn", "reference", "reason");
    static final Set<String> ADJUSTMENT_FIELDS = Set.of("amount", "on", "reason");

    /**
     * The largest magnitude accepted, exclusive. JSON numbers reach us as doubles, which keep every digit
     * of a decimal of up to 15 significant digits: 13 before the point and 2 after.
     */
    private static final BigDecimal LIMIT = new BigDecimal("1E13");

    private LedgerInput() {}

    /** The day charges are written through: required, at most {@link Ledger#MAX_DAYS_AHEAD} days ahead. */
    static LocalDate through(JsonBody body) {
        return Ledger.requireChargeHorizon(body.requiredDate("through"));
    }

    /** A payment: {@code amount}, {@code currency}, {@code paidOn}, {@code reference}. */
    static NewEntry payment(JsonBody body) {
        BigDecimal amount = NewEntry.requireAmount(LedgerEntry.Kind.PAYMENT, amount(body, "amount"));
        return NewEntry.payment(
                amount,
                body.optionalText("currency"),
                NewEntry.requireHappened("paidOn", body.requiredDate("paidOn")),
                body.optionalText("reference"));
    }

    /** An adjustment: {@code amount} and {@code on}; its reason is the change's. */
    static NewEntry adjustment(JsonBody body) {
        BigDecimal amount = NewEntry.requireAmount(LedgerEntry.Kind.ADJUSTMENT, amount(body, "amount"));
        return NewEntry.adjustment(amount, NewEntry.requireHappened("on", body.requiredDate("on")));
    }

    /**
     * The amount in {@code field}, given as a JSON number ({@code 1250.5}) or a decimal text
     * ({@code "1250.50"}).
     */
    static BigDecimal amount(JsonBody body, String field) {
        JsonNode node = body.optionalNode(field)
                .orElseThrow(() -> Problem.invalidField(
                        field, "'" + field + "' is required: an amount such as 1250.50 (a number or a text)."));
        BigDecimal amount;
        try {
            if (node.isNumber()) {
                amount = node.decimalValue();
            } else if (node.isString()) {
                amount = new BigDecimal(node.asString().strip());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw Problem.invalidField(field, "'" + field + "' must be an amount such as 1250.50, got " + node + ".");
        }
        if (amount.abs().compareTo(LIMIT) >= 0) {
            throw Problem.invalidField(
                    field, "'" + field + "' must be less than 10000000000000 in magnitude, got " + node + ".");
        }
        return amount;
    }
}
