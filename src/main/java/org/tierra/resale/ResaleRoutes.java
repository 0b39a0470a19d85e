package org.tierra.resale;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resale policies, resale quotes and price indexes over HTTP.
 *
 * <p>Policies: any role in the trust reads them (they are rules, not personal data: a lessee reads the
 * rules of their lease); its admin and staff create them and append versions, never change a version.
 * Quotes write nothing: a policy version's "what if" for the trust's admin, board and staff, and a lease's
 * own quote for whoever may read the lease. Price indexes are public national statistics; only the server
 * operator publishes their values. Every write records an audit entry in its transaction.
 */
public final class ResaleRoutes implements RouteGroup {

    private static final Set<String> CREATE_FIELDS = Set.of("trust", "code", "name", "family", "terms", "reason");
    private static final Set<String> VERSION_FIELDS = Set.of("family", "terms", "reason");
    private static final Set<String> QUOTE_FIELDS = Set.of(
            "currency",
            "purchasePrice",
            "purchasedOn",
            "soldOn",
            "purchaseAppraisal",
            "currentAppraisal",
            "purchaseIndexValue",
            "currentIndexValue",
            "improvements");
    private static final Set<String> IMPROVEMENT_FIELDS = Set.of("on", "description", "amount");
    private static final Set<String> INDEX_VALUES_FIELDS = Set.of("values", "reason", "name");
    private static final Pattern POLICY_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** What {@code price_index_value.value numeric(14, 6)} holds without rounding. */
    private static final Pattern INDEX_VALUE = Pattern.compile("[0-9]{1,8}(\\.[0-9]{1,6})?");

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public ResaleRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/resale-policies", this::createPolicy, Access.SIGNED_IN);
        routes.get("/api/v1/resale-policies", this::listPolicies, Access.SIGNED_IN);
        routes.get("/api/v1/resale-policies/{id}", this::getPolicy, Access.SIGNED_IN);
        routes.post("/api/v1/resale-policies/{id}/versions", this::createVersion, Access.SIGNED_IN);
        routes.post("/api/v1/resale-policies/{id}/versions/{version}/quote", this::quote, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}/resale-quote", this::quoteLease, Access.SIGNED_IN);
        routes.get("/api/v1/price-indexes/{code}", this::getPriceIndex, Access.PUBLIC);
        routes.put("/api/v1/price-indexes/{code}/values", this::putIndexValues, Access.OPERATOR);
    }

    private void createPolicy(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, CREATE_FIELDS);
        String trustCode = body.requiredText("trust");
        String code = body.requiredText("code");
        if (!POLICY_CODE.matcher(code).matches()) {
            throw Problem.invalidField(
                    "code", "'code' is 2 to 63 lower-case letters, digits and hyphens, such as 'tope-2024'.");
        }
        String name = body.requiredText("name");
        String family = body.requiredText("family");
        JsonNode termsJson = body.optionalNode("terms").orElse(null);
        String reason = body.requiredText("reason");
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, trustCode))
                .orElseThrow(() -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
        LeaseAccess.requireWriter(principal, trust);
        ResaleTerms terms = ResaleTerms.parse(family, termsJson);
        ResalePolicies.Policy policy = database.inTransaction(connection -> {
            TrustRepository.lockTrust(connection, trust.id());
            if (ResalePolicies.isCodeTaken(connection, trust.id(), code)) {
                throw new Problem(
                        CommonProblem.CONFLICT,
                        "Trust " + trust.code() + " already has a resale policy '" + code
                                + "'; add a version to it instead.",
                        Map.of("field", "code"));
            }
            long id = ResalePolicies.createPolicy(connection, trust.id(), code, name);
            int version = ResalePolicies.createVersion(connection, id, terms, termsJson, principal, reason);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "resale_policy",
                            Long.toString(id),
                            "create",
                            Map.of("code", code, "version", version, "family", family)));
            return ResalePolicies.findPolicy(connection, id).orElseThrow();
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/resale-policies/" + policy.id());
        ctx.status(201).json(policyJson(policy, trust));
    }

    private void createVersion(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, VERSION_FIELDS);
        Optional<String> givenFamily = body.optionalText("family");
        JsonNode termsJson = body.optionalNode("terms").orElse(null);
        String reason = body.requiredText("reason");
        ResaleVersionWritten written = database.inTransaction(connection -> {
            ResalePolicies.Policy policy = getPolicy(connection, id);
            Trust trust =
                    TrustRepository.findTrustById(connection, policy.trustId()).orElseThrow();
            LeaseAccess.requireWriter(principal, trust);
            String family = givenFamily.orElse(
                    policy.versions().get(policy.versions().size() - 1).family());
            ResaleTerms terms = ResaleTerms.parse(family, termsJson);
            int version = ResalePolicies.createVersion(connection, id, terms, termsJson, principal, reason);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "resale_policy",
                            Long.toString(id),
                            "create_version",
                            Map.of("version", version, "family", family)));
            return new ResaleVersionWritten(
                    ResalePolicies.findPolicy(connection, id).orElseThrow(), trust);
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/resale-policies/" + id);
        ctx.status(201).json(policyJson(written.policy(), written.trust()));
    }

    private record ResaleVersionWritten(ResalePolicies.Policy policy, Trust trust) {}

    private void listPolicies(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust"));
        String trustCode = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Give the trust whose resale policies you want: ?trust=ftc-jacarandas."));
        List<Map<String, Object>> policies = database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() -> Problem.notFound("There is no trust with code '" + trustCode + "'."));
            requireMember(principal, trust);
            return ResalePolicies.listPolicies(connection, trust.id()).stream()
                    .map(policy -> policyJson(policy, trust))
                    .toList();
        });
        ctx.json(Json.fields("trust", trustCode, "policies", policies));
    }

    private void getPolicy(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Map<String, Object> policy = database.withConnection(connection -> {
            ResalePolicies.Policy found = getPolicy(connection, id);
            Trust trust =
                    TrustRepository.findTrustById(connection, found.trustId()).orElseThrow();
            requireMember(principal, trust);
            return policyJson(found, trust);
        });
        ctx.json(policy);
    }

    private void quote(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        int version = parseVersion(ctx.pathParam("version"));
        JsonBody body = JsonBody.read(ctx, json, QUOTE_FIELDS);
        ResaleQuote quote = database.withConnection(connection -> {
            ResalePolicies.Policy policy = getPolicy(connection, id);
            LeaseAccess.requireTrustReader(
                    principal,
                    TrustRepository.findTrustById(connection, policy.trustId()).orElseThrow());
            return ResaleCalculator.quote(connection, id, version, readFacts(body));
        });
        ctx.json(quoteJson(quote, Language.of(ctx)));
    }

    private void quoteLease(Context ctx) {
        Principal principal = Callers.get(ctx);
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("soldOn", "currentAppraisal"));
        LocalDate soldOn = parameters
                .date("soldOn")
                .orElseThrow(() -> Problem.invalidParameter("soldOn", "Give the day of the sale: ?soldOn=2026-03-31."));
        Optional<BigDecimal> currentAppraisal = parameters
                .find("currentAppraisal")
                .map(text -> {
                    if (!ResaleTerms.DECIMAL.matcher(text).matches() || text.startsWith("-")) {
                        throw Problem.invalidParameter(
                                "currentAppraisal",
                                "'currentAppraisal' is an amount such as 1650000.00, without separators, got '" + text
                                        + "'.");
                    }
                    return new BigDecimal(text);
                });
        ResaleQuote quote = database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, principal, leaseId);
            return ResaleCalculator.quoteForLease(connection, leaseId, soldOn, currentAppraisal);
        });
        ctx.json(quoteJson(quote, Language.of(ctx)));
    }

    private void getPriceIndex(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        String code = ctx.pathParam("code");
        Map<String, Object> index = database.withConnection(connection -> {
            PriceIndexes.PriceIndex found = PriceIndexes.findIndex(connection, code)
                    .orElseThrow(() -> Problem.notFound("There is no price index '" + code + "'."));
            return indexJson(found, PriceIndexes.listValues(connection, code));
        });
        ctx.json(index);
    }

    private void putIndexValues(Context ctx) {
        Principal principal = Callers.get(ctx);
        String code = ctx.pathParam("code");
        if (!PriceIndexes.CODE.matcher(code).matches()) {
            throw Problem.invalidParameter(
                    "code", "A price index code is 2 to 31 lower-case letters, digits and hyphens, such as 'inpc'.");
        }
        JsonBody body = JsonBody.read(ctx, json, INDEX_VALUES_FIELDS);
        String reason = body.requiredText("reason");
        Optional<Worksheet.Text> name = body.optionalObject("name", Set.of("es", "en"))
                .map(given -> new Worksheet.Text(given.requiredText("es"), given.requiredText("en")));
        List<PriceIndexes.IndexValue> values = readIndexValues(body);
        Map<String, Object> result = database.inTransaction(connection -> {
            boolean created = false;
            if (PriceIndexes.findIndex(connection, code).isEmpty()) {
                if (name.isEmpty()) {
                    throw Problem.notFound("There is no price index '" + code
                            + "'; to create it, give its 'name' in Spanish and English: {\"es\": ..., \"en\": ...}.");
                }
                created = PriceIndexes.createIndex(connection, new PriceIndexes.PriceIndex(code, name.get()));
            }
            List<YearMonth> changed = PriceIndexes.upsertValues(connection, code, values);
            if (created || !changed.isEmpty()) {
                audit.record(
                        connection,
                        Change.by(principal, reason, HttpServer.requestId(ctx)),
                        new AuditEvent(
                                Optional.empty(),
                                "price_index",
                                code,
                                "put_values",
                                Map.of(
                                        "created",
                                        created,
                                        "changedMonths",
                                        changed.stream()
                                                .map(YearMonth::toString)
                                                .toList())));
            }
            Map<String, Object> index = indexJson(
                    PriceIndexes.findIndex(connection, code).orElseThrow(), PriceIndexes.listValues(connection, code));
            index.put("changedMonths", changed.stream().map(YearMonth::toString).toList());
            return index;
        });
        ctx.json(result);
    }

    private static List<PriceIndexes.IndexValue> readIndexValues(JsonBody body) {
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

    /** The facts of a "what if" quote, each checked and named when wrong. */
    private static ResaleFacts readFacts(JsonBody body) {
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

    private static int parseVersion(String text) {
        long version = QueryParameters.parseId("version", text);
        if (version > Integer.MAX_VALUE) {
            throw Problem.invalidParameter("version", "'version' is a policy version such as 1.");
        }
        return (int) version;
    }

    private static ResalePolicies.Policy getPolicy(Connection connection, long id) {
        return ResalePolicies.findPolicy(connection, id)
                .orElseThrow(() -> Problem.notFound("There is no resale policy with id " + id + "."));
    }

    /** Any role in the trust: a policy is a rule of the trust, not personal data. */
    private static void requireMember(Principal principal, Trust trust) {
        if (principal.roleIn(trust.id()).isEmpty()) {
            throw Problem.forbidden("The resale policies of trust " + trust.code()
                    + " are read by its members; you hold no role there.");
        }
    }

    private static Map<String, Object> policyJson(ResalePolicies.Policy policy, Trust trust) {
        List<Map<String, Object>> versions = policy.versions().stream()
                .map(version -> Json.fields(
                        "version", version.version(),
                        "family", version.family(),
                        "terms", version.terms(),
                        "createdAt", version.createdAt().toString(),
                        "reason", version.reason()))
                .toList();
        return Json.fields(
                "id", policy.id(),
                "trust", trust.code(),
                "code", policy.code(),
                "name", policy.name(),
                "createdAt", policy.createdAt().toString(),
                "currentVersion", versions.size(),
                "versions", versions);
    }

    private static Map<String, Object> indexJson(PriceIndexes.PriceIndex index, List<PriceIndexes.IndexValue> values) {
        return Json.fields(
                "code", index.code(),
                "name", index.name(),
                "values",
                        values.stream()
                                .map(value -> Json.fields(
                                        "month",
                                        value.month().toString(),
                                        "value",
                                        value.value().toPlainString()))
                                .toList());
    }

    /**
     * The quote with its worksheet in both languages, plus {@code lines}: the same steps in the request's
     * language, for a client that shows one.
     */
    private static Map<String, Object> quoteJson(ResaleQuote quote, Locale language) {
        List<Map<String, Object>> lines = quote.worksheet().steps().stream()
                .map(step -> Json.fields(
                        "key", step.key(),
                        "label", step.label().in(language),
                        "explanation", step.explanation().in(language),
                        "value", step.value()))
                .toList();
        return Json.fields(
                "policyId", quote.policyId(),
                "policyVersion", quote.policyVersion(),
                "family", quote.family(),
                "price", quote.price().toPlainString(),
                "currency", quote.currency(),
                "language", language.getLanguage(),
                "lines", lines,
                "worksheet", quote.worksheet());
    }
}
