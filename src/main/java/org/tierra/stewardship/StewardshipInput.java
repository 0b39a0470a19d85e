package org.tierra.stewardship;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import tools.jackson.databind.JsonNode;

/**
 * Stewardship's request bodies and query parameters, read strictly, field by field and in the order
 * given here: dates as ISO 8601 ({@code 2026-01-31}), ids as positive whole numbers.
 */
final class StewardshipInput {

    static final Set<String> EVENT_FIELDS = Set.of(
            "parcel", "lease", "kind", "occurredOn", "notes", "location", "improvementValue", "curesEvent", "reason");
    static final Set<String> EVENT_PARAMETERS = Set.of("trust", "parcel", "lease", "kind", "from", "to", "limit");
    static final Set<String> OBLIGATION_FIELDS =
            Set.of("kind", "description", "firstDueOn", "everyMonths", "endsOn", "reason");
    static final Set<String> FULFILMENT_FIELDS = Set.of("dueOn", "fulfilledOn", "event", "document", "notes", "reason");
    static final Set<String> END_FIELDS = Set.of("on", "reason");

    private static final int MAX_LIST = 1_000;

    private StewardshipInput() {}

    /** An event: what happened, where and on what; its reason is read by the caller. */
    static NewEvent event(JsonBody body) {
        Optional<Long> parcelId = optionalId(body, "parcel");
        Optional<Long> leaseId = optionalId(body, "lease");
        NewEvent.requireSubject(parcelId, leaseId);
        String code = body.requiredText("kind");
        EventKind kind = EventKind.fromCode(code)
                .orElseThrow(() -> Problem.invalidField(
                        "kind", "Unknown kind '" + code + "'. Accepted: " + EventKind.codes() + "."));
        LocalDate occurredOn = pastDate(body, "occurredOn");
        Optional<String> notes = body.optionalText("notes");
        Optional<Point> location = body.optionalNode("location").map(StewardshipInput::point);
        Optional<JsonBody> value = body.optionalObject("improvementValue", Set.of("amount", "currency"));
        NewEvent.requireValueOnlyForImprovement(kind, value.isPresent());
        Optional<NewEvent.GivenValue> improvementValue = value.map(StewardshipInput::givenValue);
        Optional<Long> curesEventId = optionalId(body, "curesEvent");
        NewEvent.requireCuresOnlyForCure(kind, curesEventId.isPresent());
        return new NewEvent(parcelId, leaseId, kind, occurredOn, notes, location, improvementValue, curesEventId);
    }

    /** A GeoJSON Point of longitude and latitude in EPSG:4326. */
    private static Point point(JsonNode node) {
        JsonBody point = JsonBody.of(node, "location", Set.of("type", "coordinates"));
        if (!point.requiredText("type").equals("Point")) {
            throw Problem.invalidField("location", "'location' must be a GeoJSON Point: where the event was seen.");
        }
        JsonNode coordinates = node.get("coordinates");
        if (coordinates == null
                || !coordinates.isArray()
                || coordinates.size() != 2
                || !coordinates.get(0).isNumber()
                || !coordinates.get(1).isNumber()) {
            throw Problem.invalidField(
                    "location.coordinates",
                    "'location.coordinates' must be [longitude, latitude] in degrees (EPSG:4326), e.g. [-96.72, 17.06].");
        }
        double longitude = coordinates.get(0).asDouble();
        double latitude = coordinates.get(1).asDouble();
        if (!Point.isValid(longitude, latitude)) {
            throw Problem.invalidField(
                    "location.coordinates",
                    "Longitude must be from -180 to 180 and latitude from -90 to 90, got [" + coordinates.get(0) + ", "
                            + coordinates.get(1) + "]; longitude comes first.");
        }
        return new Point(longitude, latitude);
    }

    /** An improvement's value as given: a decimal text or number, and a currency checked later. */
    private static NewEvent.GivenValue givenValue(JsonBody value) {
        Optional<String> currency = value.optionalText("currency");
        Optional<NewEvent.GivenAmount> amount = value.optionalNode("amount").map(node -> {
            Optional<BigDecimal> decimal;
            try {
                decimal = node.isString()
                        ? Optional.of(new BigDecimal(node.asString().strip()))
                        : node.isNumber() ? Optional.of(node.decimalValue()) : Optional.empty();
            } catch (NumberFormatException e) {
                decimal = Optional.empty();
            }
            return new NewEvent.GivenAmount(decimal, node.toString());
        });
        return new NewEvent.GivenValue(currency, amount);
    }

    /** Which events to list. */
    static Stewardship.EventQuery eventQuery(QueryParameters query) {
        Optional<String> trust = query.find("trust");
        Optional<Long> parcelId = optionalId(query, "parcel");
        Optional<Long> leaseId = optionalId(query, "lease");
        Optional<EventKind> kind = query.find("kind").map(code -> EventKind.fromCode(code)
                .orElseThrow(() -> Problem.invalidParameter(
                        "kind", "Unknown kind '" + code + "'. Accepted: " + EventKind.codes() + ".")));
        Optional<LocalDate> from = query.date("from");
        Optional<LocalDate> to = query.date("to");
        int limit = query.intInRange("limit", 1, MAX_LIST, 100);
        return new Stewardship.EventQuery(trust, parcelId, leaseId, kind, from, to, limit);
    }

    /** An obligation; its reason is read by the caller. */
    static NewObligation obligation(JsonBody body) {
        String code = body.requiredText("kind");
        ObligationKind kind = ObligationKind.fromCode(code)
                .orElseThrow(() -> Problem.invalidField(
                        "kind", "Unknown kind '" + code + "'. Accepted: " + ObligationKind.codes() + "."));
        Optional<String> description = body.optionalText("description");
        NewObligation.requireDescription(kind, description);
        LocalDate firstDueOn = body.requiredDate("firstDueOn");
        Optional<Integer> everyMonths = body.optionalNode("everyMonths").map(node -> {
            if (!node.canConvertToExactIntegral()
                    || node.asLong() < 1
                    || node.asLong() > ObligationSchedule.MAX_EVERY_MONTHS) {
                throw Problem.invalidField(
                        "everyMonths",
                        "'everyMonths' must be a whole number of months from 1 to 120 (12: yearly), or null for a"
                                + " single due date.");
            }
            return node.asInt();
        });
        Optional<LocalDate> endsOn = body.optionalDate("endsOn");
        NewObligation.requireEndAfterFirstDue(firstDueOn, endsOn);
        return new NewObligation(kind, description, firstDueOn, everyMonths, endsOn);
    }

    /** A fulfilment; its reason is read by the caller. */
    static NewFulfilment fulfilment(JsonBody body) {
        LocalDate dueOn = body.requiredDate("dueOn");
        LocalDate fulfilledOn = pastDate(body, "fulfilledOn");
        Optional<Long> eventId = optionalId(body, "event");
        Optional<Long> documentId = optionalId(body, "document");
        return new NewFulfilment(dueOn, fulfilledOn, eventId, documentId, body.optionalText("notes"));
    }

    /** A date in the past or today, never in the future (a record of what happened). */
    private static LocalDate pastDate(JsonBody body, String field) {
        LocalDate date = body.requiredDate(field);
        LocalDate today = Stewardship.today();
        if (date.isAfter(today)) {
            throw Problem.invalidField(
                    field,
                    "'" + field + "' is " + date + ", in the future; record what has happened, up to " + today + ".");
        }
        return date;
    }

    private static Optional<Long> optionalId(QueryParameters query, String name) {
        return query.find(name).map(text -> QueryParameters.parseId(name, text.strip()));
    }

    /** A positive whole number member, such as an id. */
    private static Optional<Long> optionalId(JsonBody body, String field) {
        return body.optionalNode(field).map(node -> {
            if (!node.canConvertToExactIntegral() || node.asLong() <= 0) {
                throw Problem.invalidField(field, "'" + field + "' must be an id: a positive whole number.");
            }
            return node.asLong();
        });
    }
}
