package org.tierra.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A payment or adjustment just written, with the lease's balance after it (as of today).
 *
 * @param amount signed as stored (a payment is negative), a decimal text with the currency's decimals
 * @param reference a payment's receipt or transfer reference; absent from JSON when not given
 * @param reason an adjustment's explanation; absent from JSON for payments
 */
public record RecordedEntry(
        long id,
        long lease,
        LedgerEntry.Kind kind,
        String amount,
        String currency,
        LocalDate date,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> reference,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> reason,
        String balance,
        int daysInArrears) {}
