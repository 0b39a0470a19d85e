package org.tierra.stewardship;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.tierra.http.ApiProblem;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;

/** Dates (ISO 8601, {@code 2026-01-31}) and ids read strictly from JSON bodies and query parameters. */
final class Inputs {

    private Inputs() {}

    /**
     * Today in UTC: on the American continent, where Tierra's trusts are, that is never earlier than the
     * local date, so a record of something that happened today is never refused as future.
     */
    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static Optional<LocalDate> optionalDate(JsonBody body, String field) {
        return body.optionalText(field).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw JsonBody.invalidField(
                        field, "'" + field + "' must be a date such as 2026-01-31, got '" + text + "'.");
            }
        });
    }

    static LocalDate requiredDate(JsonBody body, String field) {
        return optionalDate(body, field)
                .orElseThrow(
                        () -> JsonBody.invalidField(field, "'" + field + "' is required (a date such as 2026-01-31)."));
    }

    /** A date in the past or today, never in the future (a record of what happened). */
    static LocalDate requiredPastDate(JsonBody body, String field, LocalDate today) {
        LocalDate date = requiredDate(body, field);
        if (date.isAfter(today)) {
            throw JsonBody.invalidField(
                    field,
                    "'" + field + "' is " + date + ", in the future; record what has happened, up to " + today + ".");
        }
        return date;
    }

    static Optional<LocalDate> optionalDate(QueryParameters query, String name) {
        return query.find(name).map(text -> {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalidParameter(
                        name, "'" + name + "' must be a date such as 2026-01-31, got '" + text + "'.");
            }
        });
    }

    static Optional<Long> optionalId(QueryParameters query, String name) {
        return query.find(name).map(text -> QueryParameters.parseId(name, text.strip()));
    }

    /** A positive whole number member, such as an id. */
    static Optional<Long> optionalId(JsonBody body, String field) {
        return body.optionalNode(field).map(node -> {
            if (!node.canConvertToExactIntegral() || node.asLong() <= 0) {
                throw JsonBody.invalidField(field, "'" + field + "' must be an id: a positive whole number.");
            }
            return node.asLong();
        });
    }
}
