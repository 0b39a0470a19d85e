package org.tierra.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.tierra.leases.LeaseStatus;

/**
 * A lease as the ledger needs it: its trust, status and fee terms.
 *
 * @param escalationIndex the price index of an index-linked fee
 */
record LedgerLease(
        long id,
        long trustId,
        String code,
        LeaseStatus status,
        String currency,
        FeeSchedule.Terms terms,
        Optional<String> escalationIndex) {

    /** A draft, or a draft cancelled: never in force, so it owes nothing. */
    boolean unsigned() {
        return !status.signed();
    }

    /** {@code amount} with exactly the currency's decimals (the column keeps two). */
    BigDecimal scaled(BigDecimal amount) {
        return amount.setScale(terms.minorUnits(), RoundingMode.UNNECESSARY);
    }

    /** {@code amount} as the API answers money: a decimal text with the currency's decimals, {@code "1250.50"}. */
    String format(BigDecimal amount) {
        return scaled(amount).toPlainString();
    }
}
