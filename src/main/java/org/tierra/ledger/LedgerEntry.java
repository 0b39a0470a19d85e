package org.tierra.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * One row of a lease's ledger, as stored: a charge raises what the lessees owe, a payment (negative)
 * lowers it, an adjustment goes either way.
 *
 * @param amount signed, in the lease's currency
 * @param entryDate a charge's period start, a payment's or an adjustment's date
 */
record LedgerEntry(
        long id,
        Kind kind,
        BigDecimal amount,
        LocalDate entryDate,
        Optional<LocalDate> periodEnd,
        Optional<LocalDate> dueOn,
        Optional<String> reason,
        Optional<String> reference) {

    /** The kinds of entries; the codes are those of {@code ledger_entry.kind}. */
    enum Kind {
        CHARGE("charge", "Cargo", "Fee charge"),
        PAYMENT("payment", "Pago", "Payment"),
        ADJUSTMENT("adjustment", "Ajuste", "Adjustment");

        final String code;
        final String labelSpanish;
        final String labelEnglish;

        Kind(String code, String labelSpanish, String labelEnglish) {
            this.code = code;
            this.labelSpanish = labelSpanish;
            this.labelEnglish = labelEnglish;
        }

        static Kind fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown ledger entry kind '" + code + "'");
        }

        String label(Locale language) {
            return language.getLanguage().equals("es") ? labelSpanish : labelEnglish;
        }
    }

    /** When a debit falls due: a charge's due day, otherwise the entry's date. */
    LocalDate dueDate() {
        return dueOn.orElse(entryDate);
    }
}
