package org.tierra.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * What charging one lease through a day did ({@link Ledger#chargeLease}): every period due by then, which
 * of them this run wrote, and which wait for a price index value.
 *
 * @param created the periods this run wrote
 * @param alreadyPresent the periods an earlier run had written
 */
public record LeaseCharges(
        long lease,
        String code,
        String currency,
        LocalDate through,
        int created,
        int alreadyPresent,
        List<FeeSchedule.Waiting> waiting,
        List<Line> charges) {

    public LeaseCharges {
        waiting = List.copyOf(waiting);
        charges = List.copyOf(charges);
    }

    /**
     * One period due.
     *
     * @param amount a decimal text with the currency's decimals
     * @param created whether this run wrote it
     */
    public record Line(LocalDate periodStart, LocalDate periodEnd, LocalDate dueOn, String amount, boolean created) {}
}
