package org.tierra.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tierra.core.CommonProblem;
import org.tierra.core.DateTimes;
import org.tierra.core.Problem;

/**
 * Reads query parameters strictly: an unknown or repeated parameter, or a value of the wrong shape, is
 * a 400 that names the parameter and what it accepts, never a silent default.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * The request's query parameters, refusing any name not in {@code allowed}: a 400 naming the
     * {@code parameter} and listing the {@code accepted} names, sorted.
     */
    public static QueryParameters of(Context ctx, Set<String> allowed) {
        Map<String, List<String>> values = ctx.queryParamMap();
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                List<String> accepted = List.copyOf(new TreeSet<>(allowed));
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("parameter", name);
                fields.put("accepted", accepted);
                throw new Problem(
                        CommonProblem.INVALID_PARAMETER,
                        "Unknown query parameter '" + name + "'. Accepted: " + String.join(", ", accepted) + ".",
                        fields);
            }
        }
        return new QueryParameters(values);
    }

    /** The single value of {@code name}, if given. */
    public Optional<String> find(String name) {
        List<String> given = values.getOrDefault(name, List.of());
        if (given.size() > 1) {
            throw Problem.invalidParameter(name, "Give '" + name + "' once; it was given " + given.size() + " times.");
        }
        return given.stream().findFirst();
    }

    /** A whole number between {@code min} and {@code max}, or {@code defaultValue} when absent. */
    public int intInRange(String name, int min, int max, int defaultValue) {
        return find(name).map(value -> parseIntInRange(name, value, min, max)).orElse(defaultValue);
    }

    /** A calendar day written as ISO 8601 ({@code 2027-01-31}), if given. */
    public Optional<LocalDate> date(String name) {
        return find(name).map(value -> DateTimes.parseDate(value.strip())
                .orElseThrow(() -> Problem.invalidParameter(
                        name,
                        "'" + name + "' must be a date such as 2027-01-31 (" + DateTimes.YEARS + "), got '" + value
                                + "'.")));
    }

    /** An RFC 3339 instant with its offset, such as {@code 2025-03-01T00:00:00-06:00}, if given. */
    public Optional<Instant> instant(String name) {
        return find(name).map(value -> parseInstant(name, value));
    }

    /** An RFC 3339 instant with its offset, such as {@code 2025-03-01T00:00:00-06:00}. */
    public static Instant parseInstant(String name, String value) {
        return DateTimes.parseInstant(value.strip())
                .orElseThrow(() -> Problem.invalidParameter(
                        name,
                        "'" + name + "' is an RFC 3339 instant such as 2025-03-01T00:00:00Z or"
                                + " 2025-03-01T00:00:00-06:00 (" + DateTimes.YEARS + "), got '" + value + "'."));
    }

    /** A positive 64-bit id (e.g. a path parameter). */
    public static long parseId(String name, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.invalidParameter(
                name, "'" + value + "' is not a valid " + name + ": use a positive whole number, e.g. 42.");
    }

    private static int parseIntInRange(String name, String value, int min, int max) {
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalidParameter(
                    name,
                    "'" + name + "' must be a whole number from " + min + " to " + max + ", got '" + value + "'.");
        }
        if (number < min || number > max) {
            throw Problem.invalidParameter(
                    name, "'" + name + "' must be from " + min + " to " + max + ", got " + number + ".");
        }
        return (int) number;
    }
}
