package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lessee's share of a lease as an exact fraction in lowest terms: {@code 1/3} stays one third, never
 * 0.3333, so that three thirds add up to exactly one (as the database checks at commit).
 *
 * @param numerator positive
 * @param denominator positive, at least the numerator (a share is at most the whole lease)
 */
public record Share(BigInteger numerator, BigInteger denominator) {

    private static final Pattern FRACTION = Pattern.compile("(\\d{1,18})\\s*/\\s*(\\d{1,18})");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,18})?");
    private static final BigInteger MAX_STORED = BigInteger.valueOf(Integer.MAX_VALUE);

    /** The whole lease. */
    public static final Share ONE = new Share(BigInteger.ONE, BigInteger.ONE);

    public Share {
        if (numerator.signum() <= 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("a share is a positive fraction: " + numerator + "/" + denominator);
        }
        BigInteger divisor = numerator.gcd(denominator);
        numerator = numerator.divide(divisor);
        denominator = denominator.divide(divisor);
    }

    /**
     * Reads {@code "1/3"} or {@code "0.5"}; the result is in lowest terms.
     *
     * @throws IllegalArgumentException with a message for the user when the text is neither, or is zero
     */
    public static Share parse(String text) {
        String given = text.strip();
        Matcher fraction = FRACTION.matcher(given);
        BigInteger numerator;
        BigInteger denominator;
        if (fraction.matches()) {
            numerator = new BigInteger(fraction.group(1));
            denominator = new BigInteger(fraction.group(2));
        } else if (DECIMAL.matcher(given).matches()) {
            BigDecimal decimal = new BigDecimal(given);
            numerator = decimal.unscaledValue();
            denominator = BigInteger.TEN.pow(Math.max(decimal.scale(), 0));
        } else {
            throw new IllegalArgumentException(
                    "a share is a fraction such as \"1/3\" or a decimal such as \"0.5\", got \"" + given + "\"");
        }
        if (numerator.signum() == 0 || denominator.signum() == 0) {
            throw new IllegalArgumentException("a share is more than zero, got \"" + given + "\"");
        }
        return new Share(numerator, denominator);
    }

    public Share plus(Share other) {
        return new Share(
                numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    /** More than the whole lease. */
    public boolean exceedsOne() {
        return numerator.compareTo(denominator) > 0;
    }

    /** Whether both terms fit the database's integer columns. */
    public boolean fitsStorage() {
        return numerator.compareTo(MAX_STORED) <= 0 && denominator.compareTo(MAX_STORED) <= 0;
    }

    /** The share as a decimal for display, to ten places at most (1/3 is 0.3333333333, 1/2 is 0.5). */
    public String toDecimalString() {
        return new BigDecimal(numerator)
                .divide(new BigDecimal(denominator), 10, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code "n/d"}, or {@code "1"} for the whole lease; also how JSON shows a share. */
    @JsonValue
    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
