package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An obligation as it stands on a day: its terms, the next due date not yet met, the due dates missed
 * before that day, and the fulfilments recorded. Empty members are written as {@code null}.
 *
 * @param kindLabel the kind in the reader's language
 * @param nextDueOn the first due date on or after the day not already met (an early fulfilment counts)
 * @param missed the due dates before the day not met, oldest first
 */
public record ObligationState(
        long id,
        ObligationKind kind,
        String kindLabel,
        Optional<String> description,
        LocalDate firstDueOn,
        Optional<Integer> everyMonths,
        Optional<LocalDate> endsOn,
        int version,
        Optional<LocalDate> nextDueOn,
        List<LocalDate> missed,
        List<Fulfilment> fulfilments) {

    public ObligationState {
        missed = List.copyOf(missed);
        fulfilments = List.copyOf(fulfilments);
    }
}
