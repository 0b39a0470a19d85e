package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Objects;
import org.tierra.db.DatabaseCode;

/**
 * The ground lease fee: an amount due every period, in one currency. Written in JSON as
 * {@code {"amount": "1500.00", "currency": "MXN", "period": "monthly"}}: the amount a decimal text, never a
 * binary floating point number.
 *
 * @param amount never negative, with no more decimals than the currency has
 * @param currency an ISO 4217 code Tierra knows, e.g. {@code MXN}
 */
public record Fee(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency, Period period) {

    /** How often the fee falls due; the codes are those the database stores and JSON shows. */
    public enum Period implements DatabaseCode {
        MONTHLY("monthly", 1),
        QUARTERLY("quarterly", 3),
        ANNUAL("annual", 12);

        private final String code;
        private final int months;

        Period(String code, int months) {
            this.code = code;
            this.months = months;
        }

        @JsonValue
        @Override
        public String databaseCode() {
            return code;
        }

        /** The whole months between two due dates. */
        public int months() {
            return months;
        }
    }

    public Fee {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(period, "period");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a fee is never negative: " + amount);
        }
    }
}
