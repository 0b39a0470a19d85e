package org.tierra.views;

import java.time.LocalDate;
import java.util.Optional;
import org.tierra.ledger.LeaseBalance;

/**
 * A lease's fee balance on a day, as the read models show it.
 *
 * @param amount owed when positive, paid ahead when negative; a decimal text with the currency's decimals
 * @param oldestUnpaidDueOn written as {@code null} when nothing due is unpaid
 */
public record Balance(String amount, String currency, int daysInArrears, Optional<LocalDate> oldestUnpaidDueOn) {

    static Balance of(LeaseBalance balance) {
        return new Balance(
                balance.balance().toPlainString(),
                balance.currency(),
                balance.daysInArrears(),
                balance.oldestUnpaidDueOn());
    }
}
