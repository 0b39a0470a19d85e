package org.tierra.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tierra.leases.Escalation;
import org.tierra.leases.Fee;

/**
 * How a lease's fee becomes charges: the periods, what each one costs, and which wait for a price index.
 *
 * <p><b>Periods</b> are anchored on the lease's start: period k starts on {@code startsOn.plusMonths(k ×
 * 1, 3 or 12)}, computed from the start every time and never from the previous period, so that a lease
 * starting on 31 January bills on 28 (or 29) February, 31 March, 30 April, 31 May... A period is
 * charged when it starts on or before the date asked for and before the lease's end (its closing day,
 * else its end day, both exclusive). A fee is paid in advance: a charge falls due on its period's first
 * day.
 *
 * <p><b>Amount</b> of a period: the fee, times
 *
 * <ul>
 *   <li>with {@code fixed_percent} escalation, {@code (1 + p/100)^n}, where n is the number of whole lease
 *       years completed on the period's first day (the k-th anniversary is {@code startsOn.plusYears(k)},
 *       so a lease starting on 29 February completes a year on 28 February of a common year);
 *   <li>with {@code index_linked} escalation, {@code index(month of the period's start) / index(month of
 *       the lease's start)}; when either value is not yet published the period is not charged but
 *       reported as {@link Waiting}, and a later run charges it;
 *   <li>for a last period cut short by the lease's end, {@code days in force / days in the full period}
 *       (exact day counts, e.g. 10/31 or 120/365).
 * </ul>
 *
 * <p><b>Rounding</b>: everything above is exact rational arithmetic ({@link BigDecimal}, one division);
 * the result is rounded once, at the end, to the currency's minor units, half up (0.005 MXN becomes
 * 0.01). Never floating point. Pure and thread-safe.
 */
public final class FeeSchedule {

    private FeeSchedule() {}

    /**
     * A lease's fee terms.
     *
     * @param endsOn exclusive: the lease's closing day when it closed early, else its end day
     * @param escalationPercent present exactly when {@code escalation} is {@code FIXED_PERCENT}
     * @param minorUnits the currency's decimals (0 to 2)
     */
    public record Terms(
            LocalDate startsOn,
            LocalDate endsOn,
            BigDecimal fee,
            Fee.Period frequency,
            Escalation.Kind escalation,
            Optional<BigDecimal> escalationPercent,
            int minorUnits) {

        public Terms {
            Objects.requireNonNull(startsOn);
            Objects.requireNonNull(endsOn);
            Objects.requireNonNull(frequency);
            Objects.requireNonNull(escalation);
            if (endsOn.isBefore(startsOn)) {
                throw new IllegalArgumentException("a lease ends on or after its start: " + startsOn + " " + endsOn);
            }
            if (fee.signum() < 0) {
                throw new IllegalArgumentException("a fee is never negative: " + fee);
            }
            if ((escalation == Escalation.Kind.FIXED_PERCENT) != escalationPercent.isPresent()) {
                throw new IllegalArgumentException("a percentage goes with fixed_percent escalation, and only there");
            }
            if (minorUnits < 0 || minorUnits > 4) {
                throw new IllegalArgumentException("minor units from 0 to 4: " + minorUnits);
            }
        }
    }

    /** The published values of a price index, by month (the first day of the month). */
    @FunctionalInterface
    public interface IndexValues {
        Optional<BigDecimal> findValue(LocalDate month);
    }

    /** A period to charge: {@code [periodStart, periodEnd)}, due on its first day. */
    public record Charge(LocalDate periodStart, LocalDate periodEnd, BigDecimal amount) {
        public Charge {
            if (!periodEnd.isAfter(periodStart)) {
                throw new IllegalArgumentException("a period ends after it starts");
            }
        }

        public LocalDate dueOn() {
            return periodStart;
        }
    }

    /**
     * A period not charged yet because the index value of {@code missingMonth} is not published; sent in
     * JSON as {@code missingIndexMonth}.
     */
    public record Waiting(
            LocalDate periodStart,
            @JsonProperty("missingIndexMonth") LocalDate missingMonth) {}

    /** The periods to charge through a date, in order, and those waiting for an index value. */
    public record Schedule(List<Charge> charges, List<Waiting> waiting) {
        public Schedule {
            charges = List.copyOf(charges);
            waiting = List.copyOf(waiting);
        }
    }

    /**
     * Every period of {@code terms} starting on or before {@code through}; {@code index} is read only
     * for index-linked fees.
     */
    public static Schedule scheduleThrough(Terms terms, LocalDate through, IndexValues index) {
        List<Charge> charges = new ArrayList<>();
        List<Waiting> waiting = new ArrayList<>();
        for (int k = 0; ; k++) {
            LocalDate start = periodStart(terms, k);
            if (start.isAfter(through) || !start.isBefore(terms.endsOn())) {
                break;
            }
            LocalDate fullEnd = periodStart(terms, k + 1);
            LocalDate end = fullEnd.isAfter(terms.endsOn()) ? terms.endsOn() : fullEnd;
            BigDecimal numerator = terms.fee().multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(start, end)));
            BigDecimal denominator = BigDecimal.valueOf(ChronoUnit.DAYS.between(start, fullEnd));
            switch (terms.escalation()) {
                case NONE -> {
                    // the fee as written
                }
                case FIXED_PERCENT -> {
                    BigDecimal yearly = BigDecimal.ONE.add(
                            terms.escalationPercent().orElseThrow().movePointLeft(2));
                    numerator = numerator.multiply(yearly.pow(wholeYearsCompleted(terms.startsOn(), start)));
                }
                case INDEX_LINKED -> {
                    LocalDate baseMonth = terms.startsOn().withDayOfMonth(1);
                    LocalDate month = start.withDayOfMonth(1);
                    Optional<BigDecimal> base = index.findValue(baseMonth);
                    Optional<BigDecimal> now = index.findValue(month);
                    if (base.isEmpty() || now.isEmpty()) {
                        waiting.add(new Waiting(start, base.isEmpty() ? baseMonth : month));
                        continue;
                    }
                    numerator = numerator.multiply(now.get());
                    denominator = denominator.multiply(base.get());
                }
            }
            charges.add(
                    new Charge(start, end, numerator.divide(denominator, terms.minorUnits(), RoundingMode.HALF_UP)));
        }
        return new Schedule(charges, waiting);
    }

    /** The first day of period {@code k}, anchored on the lease's start. */
    static LocalDate periodStart(Terms terms, int k) {
        return terms.startsOn().plusMonths((long) k * terms.frequency().months());
    }

    /**
     * The number of anniversaries {@code startsOn.plusYears(n)} on or before {@code on}. Unlike
     * {@link java.time.Period#between}, a 29 February start completes its first year on 28 February.
     */
    static int wholeYearsCompleted(LocalDate startsOn, LocalDate on) {
        int years = (int) Math.max(0, ChronoUnit.YEARS.between(startsOn, on));
        while (!startsOn.plusYears(years + 1L).isAfter(on)) {
            years++;
        }
        return years;
    }
}
