package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.List;

/** A lease's obligations as they stand on {@code asOf} ({@link Obligations#listObligations}), by first due date. */
public record LeaseObligations(long lease, String leaseCode, LocalDate asOf, List<ObligationState> obligations) {

    public LeaseObligations {
        obligations = List.copyOf(obligations);
    }
}
