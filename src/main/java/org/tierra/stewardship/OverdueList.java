package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The due dates of a trust's obligations not met by a day ({@link Stewardship#listOverdue}), longest
 * overdue first, then by lease code and obligation.
 */
public record OverdueList(String trust, LocalDate asOf, List<Overdue> overdue) {

    public OverdueList {
        overdue = List.copyOf(overdue);
    }

    /**
     * One due date not met, on a lease in force on the day.
     *
     * @param parcelCodes the lease's parcels, by code
     * @param description written as {@code null} when the obligation has none
     * @param daysOverdue days from the due date to the day asked about
     */
    public record Overdue(
            long lease,
            String leaseCode,
            List<String> parcelCodes,
            long obligation,
            ObligationKind kind,
            String kindLabel,
            Optional<String> description,
            LocalDate dueOn,
            long daysOverdue) {

        public Overdue {
            parcelCodes = List.copyOf(parcelCodes);
        }
    }
}
