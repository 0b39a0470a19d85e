package org.tierra.resale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.leases.LeaseHandover;
import org.tierra.leases.LeaseInput;
import tools.jackson.databind.JsonNode;

/**
 * Reads the requests of the resale feature: a policy's code, the facts of a "what if" quote, a lease's
 * quote parameters, published index values and an assignment. Each mistake is named (422 for a body field,
 * 400 for a parameter).
 */
final class ResaleInput {

    static final Set<String> CREATE_FIELDS = Set.of("trust", "code", "name", "family", "terms", "reason");
    static final Set<String> VERSION_FIELDS = Set.of("family", "terms", "reason");
    static final Set<String> QUOTE_FIELDS = Set.of(
            "currency",
            "purchasePrice",
            "purchasedOn",
            "soldOn",
            "purchaseAppraisal",
            "currentAppraisal",
            "purchaseIndexValue",
            "currentIndexValue",
            "improvements");
    static final Set<String> INDEX_VALUES_FIELDS = Set.of("values", "reason", "name");
    static final Set<String> ASSIGNMENT_FIELDS =
            Set.of("on", "code", "lessees", "currentAppraisal", "termYears", "reason");
    private static final Set<String> IMPROVEMENT_FIELDS = Set.of("on", "description", "amount");
    private static final Pattern POLICY_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** What {@code price_index_value.value numeric(14, 6)} holds without rounding. */
    private static final Pattern INDEX_VALUE = Pattern.compile("[0-9]{1,8}(\\.[0-9]{1,6})?");

    private ResaleInput() {}

    /** A new policy's code: 2 to 63 lower-case letters, digits and hyphens. */
    static String readPolicyCode(JsonBody body) {
        String code = body.requiredText("code");
        if (!POLICY_CODE.matcher(code).matches()) {
            throw Problem.invalidField(
                    "code", "'code' is 2 to 63 lower-case letters, digits and hyphens, such as 'tope-2024'.");
        }
        return code;
    }

    /** A policy version as a path names it: a positive whole number. */
    static int parseVersion(String text) {
        long version = QueryParameters.parseId("version", text);
        if (version > Integer.MAX_VALUE) {
            throw Problem.invalidParameter("version", "'version' is a policy version such as 1.");
        }
        return (int) version;
    }

    /** The facts of a "what if" quote, each checked and named when wrong. */
    static ResaleFacts readFacts(JsonBody body) {
        String currency = body.requiredText("currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw Problem.invalidField(
                    "currency", "'currency' is an ISO 4217 code such as MXN, got '" + currency + "'.");
        }
        List<ImprovementCredit> improvements = new ArrayList<>();
        List<JsonNode> nodes = body.optionalNodes("improvements");
        for (int i = 0; i < nodes.size(); i++) {
            String path = "improvements[" + i + "]";
            JsonBody item = JsonBody.of(nodes.get(i), path, IMPROVEMENT_FIELDS);
            improvements.add(new ImprovementCredit(
                    item.requiredDate("on"),
                    item.requiredText("description"),
                    amount(item, "amount", path + ".amount")
                            .orElseThrow(() ->
                                    Problem.invalidField(path + ".amount", "'" + path + ".amount' is required."))));
        }
        return new ResaleFacts(
                currency,
                amount(body, "purchasePrice", "purchasePrice")
                        .orElseThrow(() -> Problem.invalidField("purchasePrice", "'purchasePrice' is required.")),
                body.requiredDate("purchasedOn"),
                body.requiredDate("soldOn"),
                amount(body, "purchaseAppraisal", "purchaseAppraisal"),
                amount(body, "currentAppraisal", "currentAppraisal"),
                indexValue(body, "purchaseIndexValue"),
                indexValue(body, "currentIndexValue"),
                improvements);
    }

    private static Optional<BigDecimal> amount(JsonBody body, String field, String path) {
        Optional<BigDecimal> value = body.optionalText(field).map(text -> ResaleTerms.decimal(path, text));
        if (value.isPresent() && value.get().signum() < 0) {
            throw Problem.invalidField(path, "'" + path + "' is never negative.");
        }
        return value;
    }

    private static Optional<BigDecimal> indexValue(JsonBody body, String field) {
        Optional<BigDecimal> value = body.optionalText(field).map(text -> ResaleTerms.decimal(field, text));
        if (value.isPresent() && value.get().signum() <= 0) {
            throw Problem.invalidField(field, "'" + field + "' is an index value, always positive.");
        }
        return value;
    }

    /** The day of a lease's sale, {@code ?soldOn=2026-03-31}. */
    static LocalDate readSoldOn(QueryParameters parameters) {
        return parameters
                .date("soldOn")
                .orElseThrow(() -> Problem.invalidParameter("soldOn", "Give the day of the sale: ?soldOn=2026-03-31."));
    }

    /** The home's appraised value at a lease's sale, {@code ?currentAppraisal=1650000.00}, when given. */
    static Optional<BigDecimal> readCurrentAppraisal(QueryParameters parameters) {
        return parameters.find("currentAppraisal").map(text -> {
            if (!ResaleTerms.DECIMAL.matcher(text).matches() || text.startsWith("-")) {
                throw Problem.invalidParameter(
                        "currentAppraisal",
                        "'currentAppraisal' is an amount such as 1650000.00, without separators, got '" + text + "'.");
            }
            return new BigDecimal(text);
        });
    }

    /** The index's name in both languages, needed to create it. */
    static Optional<Worksheet.Text> readIndexName(JsonBody body) {
        return body.optionalObject("name", Set.of("es", "en"))
                .map(given -> new Worksheet.Text(given.requiredText("es"), given.requiredText("en")));
    }

    /** Monthly index values, each month once, each a positive decimal that the database holds exactly. */
    static List<PriceIndexes.IndexValue> readIndexValues(JsonBody body) {
        List<JsonNode> nodes = body.optionalNodes("values");
        if (nodes.isEmpty()) {
            throw Problem.invalidField(
                    "values", "'values' is required: [{\"month\": \"2024-01\", \"value\": \"134.594\"}].");
        }
        List<PriceIndexes.IndexValue> values = new ArrayList<>();
        Set<YearMonth> months = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = "values[" + i + "]";
            JsonBody item = JsonBody.of(nodes.get(i), path, Set.of("month", "value"));
            String monthText = item.requiredText("month");
            YearMonth month;
            try {
                month = YearMonth.parse(monthText);
            } catch (DateTimeParseException e) {
                throw Problem.invalidField(
                        path + ".month", "'" + path + ".month' is a month such as 2024-01, got '" + monthText + "'.");
            }
            if (month.getYear() < 1900 || month.getYear() > 9999) {
                throw Problem.invalidField(path + ".month", "'" + path + ".month' is from 1900-01 to 9999-12.");
            }
            if (!months.add(month)) {
                throw Problem.invalidField(
                        path + ".month", "Month " + month + " is given twice; give each month once.");
            }
            String valueText = item.requiredText("value");
            if (!INDEX_VALUE.matcher(valueText).matches() || new BigDecimal(valueText).signum() <= 0) {
                throw Problem.invalidField(
                        path + ".value",
                        "'" + path + ".value' is a positive decimal string with at most 8 digits before the point"
                                + " and 6 after, such as \"134.594\"; got '" + valueText + "'.");
            }
            values.add(new PriceIndexes.IndexValue(month, new BigDecimal(valueText)));
        }
        return values;
    }

    /** The next lease an assignment asks for: the day of the sale, its code, lessees, term and appraisal. */
    static LeaseHandover.Successor readSuccessor(JsonBody body) {
        LocalDate on = body.requiredDate("on");
        String code = LeaseInput.readCode(body);
        Optional<Integer> termYears = LeaseInput.readTermYears(body);
        return new LeaseHandover.Successor(
                code, LeaseInput.readLessees(body), on, termYears, LeaseInput.readDecimal(body, "currentAppraisal"));
    }
}
