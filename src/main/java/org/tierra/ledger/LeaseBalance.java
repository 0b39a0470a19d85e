package org.tierra.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a lease's lessees owe on a day ({@link Ledger#balanceOf}): a positive balance is owed, a
 * negative one paid ahead.
 *
 * @param currency ISO 4217 code, the lease's currency
 * @param balance the sum of every ledger entry dated on or before the day, scaled to the currency's
 *     minor units
 * @param daysInArrears days since {@code oldestUnpaidDueOn}, 0 when nothing due is unpaid
 * @param oldestUnpaidDueOn the due date of the oldest charge (or positive adjustment) that payments,
 *     applied oldest first, have not fully paid
 */
public record LeaseBalance(
        long leaseId, String currency, BigDecimal balance, int daysInArrears, Optional<LocalDate> oldestUnpaidDueOn) {

    public LeaseBalance {
        if (daysInArrears < 0) {
            throw new IllegalArgumentException("days in arrears are never negative: " + daysInArrears);
        }
        if (oldestUnpaidDueOn.isEmpty() && daysInArrears != 0) {
            throw new IllegalArgumentException("arrears need an unpaid due date");
        }
    }
}
