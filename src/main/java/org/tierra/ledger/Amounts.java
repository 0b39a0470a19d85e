package org.tierra.ledger;

import java.math.BigDecimal;
import java.util.Map;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import tools.jackson.databind.JsonNode;

/** Money as the ledger's routes read it: exact decimals, never floating point, checked field by field. */
final class Amounts {

    private Amounts() {}

    /**
     * The largest magnitude accepted, exclusive. JSON numbers reach us as doubles, which keep every digit
     * of a decimal of up to 15 significant digits: 13 before the point and 2 after.
     */
    private static final BigDecimal LIMIT = new BigDecimal("1E13");

    /**
     * The amount in {@code field}, given as a JSON number ({@code 1250.5}) or a decimal text
     * ({@code "1250.50"}).
     */
    static BigDecimal read(JsonBody body, String field) {
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

    /** Refuses more decimals than {@code currency} has (3 decimals in MXN, any in CLP), naming the field. */
    static void requireMinorUnits(BigDecimal amount, String currency, int minorUnits, String field) {
        if (amount.stripTrailingZeros().scale() > minorUnits) {
            throw new Problem(
                    CommonProblem.INVALID_FIELD,
                    "'" + field + "' has more decimals than " + currency + " allows (" + minorUnits + "): "
                            + amount.toPlainString() + ".",
                    Map.of("field", field, "currency", currency, "minorUnits", minorUnits));
        }
    }
}
