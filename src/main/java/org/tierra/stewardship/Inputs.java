package org.tierra.stewardship;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.tierra.core.Problem;
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

    /** A date in the past or today, never in the future (a record of what happened). */
    static LocalDate requiredPastDate(JsonBody body, String field, LocalDate today) {
        LocalDate date = body.requiredDate(field);
        if (date.isAfter(today)) {
            throw Problem.invalidField(
                    field,
                    "'" + field + "' is " + date + ", in the future; record what has happened, up to " + today + ".");
        }
        return date;
    }

    static Optional<Long> optionalId(QueryParameters query, String name) {
        return query.find(name).map(text -> QueryParameters.parseId(name, text.strip()));
    }

    /** A positive whole number member, such as an id. */
    static Optional<Long> optionalId(JsonBody body, String field) {
        return body.optionalNode(field).map(node -> {
            if (!node.canConvertToExactIntegral() || node.asLong() <= 0) {
                throw Problem.invalidField(field, "'" + field + "' must be an id: a positive whole number.");
            }
            return node.asLong();
        });
    }
}
