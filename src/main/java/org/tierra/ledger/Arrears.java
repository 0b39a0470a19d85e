package org.tierra.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A lease's position on a day, by first in, first out: every payment and credit (a negative entry)
 * dated on or before that day pays the oldest debts first, ordered by due date (a charge's due day, a
 * positive adjustment's date), then by entry number. The lease is in arrears from the due date of the
 * oldest debt not fully paid; entries dated after the day count for nothing.
 */
final class Arrears {

    private Arrears() {}

    /** The balance and arrears of {@code entries} as of {@code asOf}. */
    record Position(BigDecimal balance, Optional<LocalDate> oldestUnpaidDueOn, int daysInArrears) {}

    static Position positionOf(List<LedgerEntry> entries, LocalDate asOf) {
        List<LedgerEntry> dated = entries.stream()
                .filter(entry -> !entry.entryDate().isAfter(asOf))
                .toList();
        BigDecimal balance = dated.stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal credit = dated.stream()
                .map(LedgerEntry::amount)
                .filter(amount -> amount.signum() < 0)
                .reduce(BigDecimal.ZERO, BigDecimal::subtract);
        List<LedgerEntry> debts = dated.stream()
                .filter(entry -> entry.amount().signum() > 0)
                .sorted(Comparator.comparing(LedgerEntry::dueDate).thenComparingLong(LedgerEntry::id))
                .toList();
        for (LedgerEntry debt : debts) {
            if (credit.compareTo(debt.amount()) < 0) {
                LocalDate due = debt.dueDate();
                return new Position(balance, Optional.of(due), (int) ChronoUnit.DAYS.between(due, asOf));
            }
            credit = credit.subtract(debt.amount());
        }
        return new Position(balance, Optional.empty(), 0);
    }
}
