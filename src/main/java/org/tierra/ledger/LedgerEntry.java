package org.tierra.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.tierra.db.DatabaseCode;

/**
 * One row of a lease's ledger, as stored: a charge raises what the lessees owe, a payment (negative)
 * lowers it, an adjustment goes either way.
 *
 * @param amount signed, in the lease's currency
 * @param entryDate a charge's period start, a payment's or an adjustment's date
 */
public record LedgerEntry(
        long id,
        Kind kind,
        BigDecimal amount,
        LocalDate entryDate,
        Optional<LocalDate> periodEnd,
        Optional<LocalDate> dueOn,
        Optional<String> reason,
        Optional<String> reference) {

    /** The kinds of entries; the codes are those of {@code ledger_entry.kind}, sent as they are in JSON. */
    public enum Kind implements DatabaseCode {
        CHARGE("charge", "Cargo", "Fee charge"),
        PAYMENT("payment", "Pago", "Payment"),
        ADJUSTMENT("adjustment", "Ajuste", "Adjustment");

        private final String code;
        private final String labelSpanish;
        private final String labelEnglish;

        Kind(String code, String labelSpanish, String labelEnglish) {
            this.code = code;
            this.labelSpanish = labelSpanish;
            this.labelEnglish = labelEnglish;
        }

        @JsonValue
        @Override
        public String databaseCode() {
            return code;
        }

        /** The kind's name for a reader of {@code language}: Spanish for Spanish, English otherwise. */
        public String label(Locale language) {
            return language.getLanguage().equals("es") ? labelSpanish : labelEnglish;
        }
    }

    /** When a debit falls due: a charge's due day, otherwise the entry's date. */
    public LocalDate dueDate() {
        return dueOn.orElse(entryDate);
    }
}
