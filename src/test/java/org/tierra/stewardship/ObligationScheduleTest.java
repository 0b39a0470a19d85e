package org.tierra.stewardship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schedule arithmetic of obligations: anchored month steps, month ends, leap years, ends. */
class ObligationScheduleTest {

    private static LocalDate day(String text) {
        return LocalDate.parse(text);
    }

    private static List<LocalDate> days(String... texts) {
        return Arrays.stream(texts).map(LocalDate::parse).toList();
    }

    /** first due, every (0: once), last due (inclusive), before, expected due dates before it. */
    static Stream<Arguments> dueDatesBefore() {
        return Stream.of(
                Arguments.of(
                        "monthly from Jan 31 keeps the month end",
                        "2026-01-31",
                        1,
                        "2026-12-31",
                        "2026-05-01",
                        days("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30")),
                Arguments.of(
                        "monthly from Jan 31 in a leap year",
                        "2024-01-31",
                        1,
                        "2024-12-31",
                        "2024-04-01",
                        days("2024-01-31", "2024-02-29", "2024-03-31")),
                Arguments.of(
                        "annual from Feb 29: Feb 28 in common years, Feb 29 in leap years",
                        "2024-02-29",
                        12,
                        "2030-12-31",
                        "2029-01-01",
                        days("2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29")),
                Arguments.of(
                        "quarterly from Nov 30 across the year end",
                        "2025-11-30",
                        3,
                        "2026-12-31",
                        "2026-09-01",
                        days("2025-11-30", "2026-02-28", "2026-05-30", "2026-08-30")),
                Arguments.of(
                        "once: a single due date", "2026-03-15", 0, "2030-01-01", "2031-01-01", days("2026-03-15")),
                Arguments.of(
                        "the due date itself is not yet before",
                        "2026-03-15",
                        1,
                        "2030-01-01",
                        "2026-04-15",
                        days("2026-03-15")),
                Arguments.of(
                        "the day after counts it",
                        "2026-03-15",
                        1,
                        "2030-01-01",
                        "2026-04-16",
                        days("2026-03-15", "2026-04-15")),
                Arguments.of(
                        "nothing after the last due day",
                        "2026-01-10",
                        1,
                        "2026-03-10",
                        "2027-01-01",
                        days("2026-01-10", "2026-02-10", "2026-03-10")),
                Arguments.of(
                        "a last day before the first: no due dates",
                        "2026-01-10",
                        1,
                        "2026-01-09",
                        "2027-01-01",
                        days()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void dueDatesBefore(String name, String first, int every, String last, String before, List<LocalDate> expected) {
        ObligationSchedule schedule =
                new ObligationSchedule(day(first), every == 0 ? Optional.empty() : Optional.of(every), day(last));

        assertThat(schedule.listDueDatesBefore(day(before))).as(name).isEqualTo(expected);
    }

    @Test
    void theNextDueDateIsOnOrAfterTheDayAsked() {
        ObligationSchedule monthly = new ObligationSchedule(day("2024-01-31"), Optional.of(1), day("2024-12-31"));

        assertThat(monthly.findDueDateOnOrAfter(day("2024-02-01"))).contains(day("2024-02-29"));
        assertThat(monthly.findDueDateOnOrAfter(day("2024-02-29"))).contains(day("2024-02-29"));
        assertThat(monthly.findDueDateOnOrAfter(day("2024-03-01"))).contains(day("2024-03-31"));
        assertThat(monthly.findDueDateOnOrAfter(day("2025-01-01"))).isEmpty();
        assertThat(monthly.isDueOn(day("2024-02-29"))).isTrue();
        assertThat(monthly.isDueOn(day("2024-02-28"))).isFalse();
        assertThat(monthly.isDueOn(day("2024-01-30"))).isFalse();
    }

    @Test
    void aLeaseBoundsTheScheduleAndADraftHasNone() {
        // the lease holds its land until the day before its end: a due date on that day never comes
        ObligationSchedule bounded = ObligationSchedule.forLease(
                day("2026-01-15"), Optional.of(1), Optional.empty(), day("2026-04-15"), false);
        ObligationSchedule endsFirst = ObligationSchedule.forLease(
                day("2026-01-15"), Optional.of(1), Optional.of(day("2026-02-15")), day("2026-12-31"), false);
        ObligationSchedule draft = ObligationSchedule.forLease(
                day("2026-01-15"), Optional.of(1), Optional.empty(), day("2030-01-01"), true);

        assertThat(bounded.listDueDatesBefore(day("2027-01-01")))
                .containsExactlyElementsOf(days("2026-01-15", "2026-02-15", "2026-03-15"));
        assertThat(endsFirst.listDueDatesBefore(day("2027-01-01")))
                .containsExactlyElementsOf(days("2026-01-15", "2026-02-15"));
        assertThat(draft.listDueDatesBefore(day("2027-01-01"))).isEmpty();
        assertThat(draft.findDueDateOnOrAfter(day("2026-01-01"))).isEmpty();
    }

    @Test
    void anIntervalOutsideOneToOneHundredTwentyMonthsIsRefused() {
        assertThatThrownBy(() -> new ObligationSchedule(day("2026-01-01"), Optional.of(0), day("2027-01-01")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObligationSchedule(day("2026-01-01"), Optional.of(121), day("2027-01-01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
