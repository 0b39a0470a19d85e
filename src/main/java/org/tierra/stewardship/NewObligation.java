package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * An obligation as the trust's staff sets it on a lease ({@link Obligations#createObligation}); the
 * service checks that it falls within the lease's term.
 *
 * @param description what is due; required for {@link ObligationKind#OTHER}
 * @param everyMonths empty when due once; 1 to {@value ObligationSchedule#MAX_EVERY_MONTHS}
 * @param endsOn the last day it may fall due, inclusive; never before {@code firstDueOn}
 */
public record NewObligation(
        ObligationKind kind,
        Optional<String> description,
        LocalDate firstDueOn,
        Optional<Integer> everyMonths,
        Optional<LocalDate> endsOn) {

    public NewObligation {
        requireDescription(kind, description);
        if (everyMonths
                .filter(months -> months < 1 || months > ObligationSchedule.MAX_EVERY_MONTHS)
                .isPresent()) {
            throw new IllegalArgumentException("an obligation recurs every 1 to 120 months, not " + everyMonths);
        }
        requireEndAfterFirstDue(firstDueOn, endsOn);
    }

    /**
     * Refuses an obligation of kind {@code other} that does not say what is due.
     *
     * @throws Problem 422 naming {@code description}
     */
    public static void requireDescription(ObligationKind kind, Optional<String> description) {
        if (kind == ObligationKind.OTHER && description.isEmpty()) {
            throw Problem.invalidField(
                    "description", "An obligation of kind 'other' needs a description of what is due.");
        }
    }

    /**
     * Refuses an end before the first due date.
     *
     * @throws Problem 422 naming {@code endsOn}
     */
    public static void requireEndAfterFirstDue(LocalDate firstDueOn, Optional<LocalDate> endsOn) {
        if (endsOn.isPresent() && endsOn.get().isBefore(firstDueOn)) {
            throw Problem.invalidField(
                    "endsOn", "'endsOn' (" + endsOn.get() + ") is before 'firstDueOn' (" + firstDueOn + ").");
        }
    }
}
