package org.tierra.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The one reading of dates and instants that clients send, in parameters, bodies and filters: ISO 8601
 * days ({@code 2027-01-31}) and RFC 3339 instants with their offset ({@code 2027-01-31T08:00:00-06:00}),
 * in the years 0001 to 9999 only. Java would read {@code +99999-01-01} and PostgreSQL would refuse it
 * later, so a year outside that range is the client's mistake, told as such.
 */
public final class DateTimes {

    /** Said in every error message about a date, so the user knows the range as well as the form. */
    public static final String YEARS = "years 0001 to 9999";

    private DateTimes() {}

    /** The instant {@code text} names, or empty when it is not one (or lies outside years 0001–9999). */
    public static Optional<Instant> parseInstant(String text) {
        try {
            OffsetDateTime dateTime = OffsetDateTime.parse(text);
            return inYears(dateTime.getYear()) ? Optional.of(dateTime.toInstant()) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The day {@code text} names, or empty when it is not one (or lies outside years 0001–9999). */
    public static Optional<LocalDate> parseDate(String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            return inYears(date.getYear()) ? Optional.of(date) : Optional.empty();
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean inYears(int year) {
        return year >= 1 && year <= 9999;
    }
}
