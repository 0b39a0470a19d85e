package org.tierra.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The signed leases of a trust that owe money on a day ({@link Ledger#listArrears}), longest in arrears
 * first, then by code.
 */
public record ArrearsList(String trust, LocalDate asOf, List<Owing> leases) {

    public ArrearsList {
        leases = List.copyOf(leases);
    }

    /**
     * A lease with a positive balance.
     *
     * @param balance a decimal text with the currency's decimals
     * @param oldestUnpaidDueOn absent from JSON when nothing due is unpaid (only paid ahead of a charge)
     */
    public record Owing(
            long lease,
            String code,
            String currency,
            String balance,
            int daysInArrears,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> oldestUnpaidDueOn) {}
}
