package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The days an obligation falls due: {@code firstDueOn}, then, when it recurs, every
 * {@code everyMonths} months counted from {@code firstDueOn} (never from the previous due date), up
 * to and including {@code lastDueOn}.
 *
 * <p>Anchoring on the first date keeps month ends stable: an obligation first due on 31 January and
 * due monthly falls due on 28 (or 29) February and again on 31 March, and one first due on 29
 * February and due yearly falls due on 28 February in common years and on 29 February in leap years.
 * A schedule whose {@code lastDueOn} is before {@code firstDueOn} has no due dates at all (a draft
 * lease, or an obligation lifted before it first fell due). Immutable and thread-safe.
 *
 * @param everyMonths empty when the obligation is due once; otherwise 1 to 120
 * @param lastDueOn inclusive: no due date falls after it
 */
public record ObligationSchedule(LocalDate firstDueOn, Optional<Integer> everyMonths, LocalDate lastDueOn) {

    /** The longest interval the database accepts (ten years). */
    public static final int MAX_EVERY_MONTHS = 120;

    public ObligationSchedule {
        everyMonths.ifPresent(months -> {
            if (months < 1 || months > MAX_EVERY_MONTHS) {
                throw new IllegalArgumentException("an obligation recurs every 1 to 120 months, not " + months);
            }
        });
    }

    /**
     * The schedule of an obligation on a lease: no due date after the obligation's own end
     * ({@code endsOn}, inclusive) nor on or after the day the lease stops being in force
     * ({@code leaseEndExclusive}: its closing day, else its end; the lease holds its land until the day
     * before). A lease still in draft holds no obligation yet: {@code leaseDraft} gives no due dates.
     */
    public static ObligationSchedule forLease(
            LocalDate firstDueOn,
            Optional<Integer> everyMonths,
            Optional<LocalDate> endsOn,
            LocalDate leaseEndExclusive,
            boolean leaseDraft) {
        if (leaseDraft) {
            return new ObligationSchedule(firstDueOn, everyMonths, firstDueOn.minusDays(1));
        }
        LocalDate last = leaseEndExclusive.minusDays(1);
        if (endsOn.isPresent() && endsOn.get().isBefore(last)) {
            last = endsOn.get();
        }
        return new ObligationSchedule(firstDueOn, everyMonths, last);
    }

    /** The k-th due date (k from 0), before any end is applied. */
    private LocalDate nth(long k) {
        return everyMonths.map(months -> firstDueOn.plusMonths(k * months)).orElse(firstDueOn);
    }

    /** Every due date strictly before {@code day}, oldest first: on the due date itself it is not yet missed. */
    public List<LocalDate> listDueDatesBefore(LocalDate day) {
        List<LocalDate> dates = new ArrayList<>();
        for (long k = 0; ; k++) {
            LocalDate due = nth(k);
            if (!due.isBefore(day) || due.isAfter(lastDueOn) || (k > 0 && everyMonths.isEmpty())) {
                return dates;
            }
            dates.add(due);
        }
    }

    /** The first due date on or after {@code day}, if any remains. */
    public Optional<LocalDate> findDueDateOnOrAfter(LocalDate day) {
        for (long k = 0; ; k++) {
            LocalDate due = nth(k);
            if (due.isAfter(lastDueOn) || (k > 0 && everyMonths.isEmpty())) {
                return Optional.empty();
            }
            if (!due.isBefore(day)) {
                return Optional.of(due);
            }
        }
    }

    /** Whether {@code day} is one of the due dates. */
    public boolean isDueOn(LocalDate day) {
        return findDueDateOnOrAfter(day).filter(day::equals).isPresent();
    }
}
