package org.tierra.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tierra.leases.Escalation;
import org.tierra.leases.Fee;

/** The period and escalation arithmetic, case by case: periods as "start..end amount". */
class FeeScheduleTest {

    private static final FeeSchedule.IndexValues NO_INDEX = month -> Optional.empty();

    private static FeeSchedule.Terms terms(
            String startsOn, String endsOn, String fee, Fee.Period frequency, String percent, int minorUnits) {
        return new FeeSchedule.Terms(
                LocalDate.parse(startsOn),
                LocalDate.parse(endsOn),
                new BigDecimal(fee),
                frequency,
                percent == null ? Escalation.Kind.NONE : Escalation.Kind.FIXED_PERCENT,
                Optional.ofNullable(percent).map(BigDecimal::new),
                minorUnits);
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of(
                        "anchored on 31 January: month ends, never chained",
                        terms("2025-01-31", "2026-01-31", "500.00", Fee.Period.MONTHLY, null, 2),
                        "2025-05-31",
                        List.of(
                                "2025-01-31..2025-02-28 500.00",
                                "2025-02-28..2025-03-31 500.00",
                                "2025-03-31..2025-04-30 500.00",
                                "2025-04-30..2025-05-31 500.00",
                                "2025-05-31..2025-06-30 500.00")),
                Arguments.of(
                        "leap February on a 31 January start",
                        terms("2024-01-31", "2025-01-31", "500.00", Fee.Period.MONTHLY, null, 2),
                        "2024-03-01",
                        List.of("2024-01-31..2024-02-29 500.00", "2024-02-29..2024-03-31 500.00")),
                Arguments.of(
                        "last month cut short: 10 of 31 days, 300 × 10/31 = 96.774… → 96.77",
                        terms("2025-01-01", "2025-03-11", "300.00", Fee.Period.MONTHLY, null, 2),
                        "2030-01-01",
                        List.of(
                                "2025-01-01..2025-02-01 300.00",
                                "2025-02-01..2025-03-01 300.00",
                                "2025-03-01..2025-03-11 96.77")),
                Arguments.of(
                        "a third of a year: 120 of 365 days, 1000 × 120/365 = 328.767… → 328.77",
                        terms("2025-01-01", "2026-05-01", "1000.00", Fee.Period.ANNUAL, null, 2),
                        "2026-01-01",
                        List.of("2025-01-01..2026-01-01 1000.00", "2026-01-01..2026-05-01 328.77")),
                Arguments.of(
                        "a third of a quarter: 31 of 90 days, 100 × 31/90 = 34.444… → 34.44",
                        terms("2025-01-01", "2025-02-01", "100.00", Fee.Period.QUARTERLY, null, 2),
                        "2025-01-01",
                        List.of("2025-01-01..2025-02-01 34.44")),
                Arguments.of(
                        "3% compound over four years, rounded once: 1000 × 1.03^3 = 1092.727 → 1092.73",
                        terms("2025-01-01", "2124-01-01", "1000.00", Fee.Period.ANNUAL, "3", 2),
                        "2029-06-30",
                        List.of(
                                "2025-01-01..2026-01-01 1000.00",
                                "2026-01-01..2027-01-01 1030.00",
                                "2027-01-01..2028-01-01 1060.90",
                                "2028-01-01..2029-01-01 1092.73",
                                "2029-01-01..2030-01-01 1125.51")),
                Arguments.of(
                        "monthly with 3%: the fee steps up on the anniversary, not before",
                        terms("2025-03-15", "2035-03-15", "200.00", Fee.Period.MONTHLY, "3", 2),
                        "2026-04-14",
                        List.of(
                                "2025-03-15..2025-04-15 200.00",
                                "2025-04-15..2025-05-15 200.00",
                                "2025-05-15..2025-06-15 200.00",
                                "2025-06-15..2025-07-15 200.00",
                                "2025-07-15..2025-08-15 200.00",
                                "2025-08-15..2025-09-15 200.00",
                                "2025-09-15..2025-10-15 200.00",
                                "2025-10-15..2025-11-15 200.00",
                                "2025-11-15..2025-12-15 200.00",
                                "2025-12-15..2026-01-15 200.00",
                                "2026-01-15..2026-02-15 200.00",
                                "2026-02-15..2026-03-15 200.00",
                                "2026-03-15..2026-04-15 206.00")),
                Arguments.of(
                        "half up at .005: 10.10 × 1.05 = 10.605 → 10.61 (half even would say 10.60)",
                        terms("2025-01-01", "2030-01-01", "10.10", Fee.Period.ANNUAL, "5", 2),
                        "2026-01-01",
                        List.of("2025-01-01..2026-01-01 10.10", "2026-01-01..2027-01-01 10.61")),
                Arguments.of(
                        "a currency without decimals: 1001 × 1.5 = 1501.5 → 1502",
                        terms("2025-01-01", "2030-01-01", "1001", Fee.Period.ANNUAL, "50", 0),
                        "2026-01-01",
                        List.of("2025-01-01..2026-01-01 1001", "2026-01-01..2027-01-01 1502")),
                Arguments.of(
                        "29 February, annual: 28 February in common years, a year completed on it",
                        terms("2024-02-29", "2124-02-29", "1000.00", Fee.Period.ANNUAL, "10", 2),
                        "2028-02-29",
                        List.of(
                                "2024-02-29..2025-02-28 1000.00",
                                "2025-02-28..2026-02-28 1100.00",
                                "2026-02-28..2027-02-28 1210.00",
                                "2027-02-28..2028-02-29 1331.00",
                                "2028-02-29..2029-02-28 1464.10")),
                Arguments.of(
                        "through before the start: nothing",
                        terms("2025-06-01", "2026-06-01", "100.00", Fee.Period.MONTHLY, null, 2),
                        "2025-05-31",
                        List.of()),
                Arguments.of(
                        "a lease closed on a period's first day owes nothing for it",
                        terms("2025-01-01", "2025-03-01", "100.00", Fee.Period.MONTHLY, null, 2),
                        "2025-12-31",
                        List.of("2025-01-01..2025-02-01 100.00", "2025-02-01..2025-03-01 100.00")),
                Arguments.of(
                        "no fee: charges of zero all the same",
                        terms("2025-01-01", "2026-01-01", "0.00", Fee.Period.QUARTERLY, null, 2),
                        "2025-04-01",
                        List.of("2025-01-01..2025-04-01 0.00", "2025-04-01..2025-07-01 0.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void chargesThePeriodsOfTheLease(String name, FeeSchedule.Terms terms, String through, List<String> expected) {
        FeeSchedule.Schedule schedule = FeeSchedule.scheduleThrough(terms, LocalDate.parse(through), NO_INDEX);

        assertThat(schedule.charges().stream()
                        .map(charge -> charge.periodStart() + ".." + charge.periodEnd() + " "
                                + charge.amount().toPlainString())
                        .toList())
                .containsExactlyElementsOf(expected);
        assertThat(schedule.charges())
                .allSatisfy(charge -> assertThat(charge.dueOn()).isEqualTo(charge.periodStart()));
        assertThat(schedule.waiting()).isEmpty();
    }

    @Test
    void indexLinkedFeesFollowTheIndexAndWaitForMissingValues() {
        FeeSchedule.Terms terms = new FeeSchedule.Terms(
                LocalDate.parse("2025-01-20"),
                LocalDate.parse("2035-01-20"),
                new BigDecimal("1000.00"),
                Fee.Period.MONTHLY,
                Escalation.Kind.INDEX_LINKED,
                Optional.empty(),
                2);
        Map<LocalDate, BigDecimal> published = Map.of(
                LocalDate.parse("2025-01-01"), new BigDecimal("134.000000"),
                LocalDate.parse("2025-02-01"), new BigDecimal("134.500000"),
                LocalDate.parse("2025-04-01"), new BigDecimal("135.123456"));

        FeeSchedule.Schedule schedule = FeeSchedule.scheduleThrough(
                terms, LocalDate.parse("2025-04-30"), month -> Optional.ofNullable(published.get(month)));

        // 1000 × 134.5/134 = 1003.731… ; 1000 × 135.123456/134 = 1008.3840…
        assertThat(schedule.charges().stream()
                        .map(charge ->
                                charge.periodStart() + " " + charge.amount().toPlainString())
                        .toList())
                .containsExactly("2025-01-20 1000.00", "2025-02-20 1003.73", "2025-04-20 1008.38");
        assertThat(schedule.waiting())
                .containsExactly(new FeeSchedule.Waiting(LocalDate.parse("2025-03-20"), LocalDate.parse("2025-03-01")));

        FeeSchedule.Schedule noBase = FeeSchedule.scheduleThrough(
                terms,
                LocalDate.parse("2025-02-28"),
                month -> month.getMonthValue() == 1 ? Optional.empty() : Optional.ofNullable(published.get(month)));
        assertThat(noBase.charges()).isEmpty();
        assertThat(noBase.waiting())
                .extracting(FeeSchedule.Waiting::missingMonth)
                .containsOnly(LocalDate.parse("2025-01-01"));
    }

    @Test
    void wholeYearsCountAnniversariesOnOrBeforeTheDay() {
        LocalDate leap = LocalDate.parse("2024-02-29");
        assertThat(FeeSchedule.wholeYearsCompleted(leap, LocalDate.parse("2025-02-27")))
                .isZero();
        assertThat(FeeSchedule.wholeYearsCompleted(leap, LocalDate.parse("2025-02-28")))
                .isEqualTo(1);
        assertThat(FeeSchedule.wholeYearsCompleted(leap, LocalDate.parse("2028-02-28")))
                .isEqualTo(3);
        assertThat(FeeSchedule.wholeYearsCompleted(leap, LocalDate.parse("2028-02-29")))
                .isEqualTo(4);
        assertThat(FeeSchedule.wholeYearsCompleted(LocalDate.parse("2025-01-31"), LocalDate.parse("2025-01-30")))
                .isZero();
    }
}
