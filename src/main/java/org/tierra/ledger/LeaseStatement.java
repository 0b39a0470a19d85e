package org.tierra.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * A lease's statement ({@link Ledger#getStatement}): the entries dated within the period with the
 * running balance, the opening balance (entries before the period), totals per kind, the closing
 * balance, and the balance and arrears as of {@code asOf} over every entry. Amounts are decimal texts
 * with the currency's decimals; labels are in the reader's language.
 *
 * @param from absent from JSON when the period is open at its start
 * @param to absent from JSON when the period is open at its end
 * @param oldestUnpaidDueOn absent from JSON when nothing due is unpaid
 */
public record LeaseStatement(
        long lease,
        String code,
        String currency,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> from,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> to,
        LocalDate asOf,
        String openingBalance,
        List<Line> entries,
        Totals totals,
        String closingBalance,
        String balance,
        int daysInArrears,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> oldestUnpaidDueOn) {

    public LeaseStatement {
        entries = List.copyOf(entries);
    }

    /**
     * The days a statement covers, both inclusive, each open when absent; a {@code from} after {@code to}
     * is refused as a {@link Problem} (400) naming {@code from}.
     */
    public record Period(Optional<LocalDate> from, Optional<LocalDate> to) {
        public Period {
            if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
                throw Problem.invalidParameter("from", "'from' (" + from.get() + ") is after 'to' (" + to.get() + ").");
            }
        }

        boolean contains(LocalDate day) {
            return from.map(start -> !day.isBefore(start)).orElse(true)
                    && to.map(end -> !day.isAfter(end)).orElse(true);
        }

        boolean isBefore(LocalDate day) {
            return from.isPresent() && day.isBefore(from.get());
        }
    }

    /** One entry with the balance after it; the optional members are absent from JSON when empty. */
    public record Line(
            long id,
            LedgerEntry.Kind kind,
            String label,
            LocalDate date,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> periodEnd,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> dueOn,
            String amount,
            String balance,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> reason,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> reference) {}

    /** The sum of the period's entries of each kind, under the kind's code. */
    public record Totals(Total charge, Total payment, Total adjustment) {}

    /** One kind's total, with its label. */
    public record Total(String label, String amount) {}

    /** The statement of {@code lease} from its {@code entries} (in date order). */
    static LeaseStatement of(
            LedgerLease lease, List<LedgerEntry> entries, Period period, LocalDate asOf, Locale language) {
        BigDecimal opening = entries.stream()
                .filter(entry -> period.isBefore(entry.entryDate()))
                .map(LedgerEntry::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal running = opening;
        Map<LedgerEntry.Kind, BigDecimal> totals = new EnumMap<>(LedgerEntry.Kind.class);
        List<Line> lines = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            if (!period.contains(entry.entryDate())) {
                continue;
            }
            running = running.add(entry.amount());
            totals.merge(entry.kind(), entry.amount(), BigDecimal::add);
            lines.add(new Line(
                    entry.id(),
                    entry.kind(),
                    entry.kind().label(language),
                    entry.entryDate(),
                    entry.periodEnd(),
                    entry.dueOn(),
                    lease.format(entry.amount()),
                    lease.format(running),
                    entry.reason(),
                    entry.reference()));
        }
        Arrears.Position position = Arrears.positionOf(entries, asOf);
        return new LeaseStatement(
                lease.id(),
                lease.code(),
                lease.currency(),
                period.from(),
                period.to(),
                asOf,
                lease.format(opening),
                lines,
                new Totals(
                        total(lease, totals, LedgerEntry.Kind.CHARGE, language),
                        total(lease, totals, LedgerEntry.Kind.PAYMENT, language),
                        total(lease, totals, LedgerEntry.Kind.ADJUSTMENT, language)),
                lease.format(running),
                lease.format(position.balance()),
                position.daysInArrears(),
                position.oldestUnpaidDueOn());
    }

    private static Total total(
            LedgerLease lease, Map<LedgerEntry.Kind, BigDecimal> totals, LedgerEntry.Kind kind, Locale language) {
        return new Total(kind.label(language), lease.format(totals.getOrDefault(kind, BigDecimal.ZERO)));
    }
}
