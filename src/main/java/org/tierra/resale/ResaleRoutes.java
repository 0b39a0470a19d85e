package org.tierra.resale;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.IfMatch;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.Lease;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resale policies, resale quotes, price indexes and the assignment of a lease when its home is sold, over
 * HTTP. The rules are the services': {@link ResalePolicies}, {@link ResaleQuotes}, {@link PriceIndexes},
 * {@link Assignments}.
 */
public final class ResaleRoutes implements RouteGroup {

    private final ResalePolicies policies;
    private final ResaleQuotes quotes;
    private final PriceIndexes indexes;
    private final Assignments assignments;
    private final JsonMapper json;

    public ResaleRoutes(
            ResalePolicies policies,
            ResaleQuotes quotes,
            PriceIndexes indexes,
            Assignments assignments,
            JsonMapper json) {
        this.policies = policies;
        this.quotes = quotes;
        this.indexes = indexes;
        this.assignments = assignments;
        this.json = json;
    }

    /** A policy with its versions, as every policy route answers it. */
    record PolicyReply(
            long id,
            String trust,
            String code,
            String name,
            String createdAt,
            int currentVersion,
            List<VersionReply> versions) {

        static PolicyReply of(ResalePolicies.TrustPolicy found) {
            ResalePolicy policy = found.policy();
            List<VersionReply> versions = policy.versions().stream()
                    .map(version -> new VersionReply(
                            version.version(),
                            version.family(),
                            version.terms(),
                            version.createdAt().toString(),
                            version.reason()))
                    .toList();
            return new PolicyReply(
                    policy.id(),
                    found.trust(),
                    policy.code(),
                    policy.name(),
                    policy.createdAt().toString(),
                    versions.size(),
                    versions);
        }
    }

    /** One version of a policy; {@code terms} as the client gave them. */
    record VersionReply(int version, String family, JsonNode terms, String createdAt, String reason) {}

    /** The reply to {@code GET /api/v1/resale-policies}. */
    record PolicyList(String trust, List<PolicyReply> policies) {}

    /**
     * A quote with its worksheet in both languages, plus {@code lines}: the same steps in the request's
     * language, for a client that shows one.
     */
    record QuoteReply(
            long policyId,
            int policyVersion,
            String family,
            String price,
            String currency,
            String language,
            List<QuoteLine> lines,
            Worksheet worksheet) {

        static QuoteReply of(ResaleQuote quote, Locale language) {
            return new QuoteReply(
                    quote.policyId(),
                    quote.policyVersion(),
                    quote.family(),
                    quote.price().toPlainString(),
                    quote.currency(),
                    language.getLanguage(),
                    quote.worksheet().steps().stream()
                            .map(step -> new QuoteLine(
                                    step.key(),
                                    step.label().in(language),
                                    step.explanation().in(language),
                                    step.value()))
                            .toList(),
                    quote.worksheet());
        }
    }

    /** One step of a worksheet in one language. */
    record QuoteLine(String key, String label, String explanation, String value) {}

    /** A price index with its values; {@code changedMonths} only in the answer to a publication. */
    record IndexReply(String code, Worksheet.Text name, List<IndexValueReply> values) {

        static IndexReply of(PriceIndexes.IndexWithValues index) {
            return new IndexReply(
                    index.index().code(),
                    index.index().name(),
                    index.values().stream()
                            .map(value -> new IndexValueReply(
                                    value.month().toString(), value.value().toPlainString()))
                            .toList());
        }
    }

    /** The answer to a publication of index values: the index and the months it wrote or changed. */
    record PublicationReply(
            String code, Worksheet.Text name, List<IndexValueReply> values, List<String> changedMonths) {}

    /** One month's value of an index. */
    record IndexValueReply(String month, String value) {}

    /** The answer to an assignment: both leases, the price and the worksheet it came from. */
    record AssignmentReply(
            Lease previousLease,
            Lease nextLease,
            String resalePrice,
            String currency,
            PolicyVersionRef resalePolicy,
            Worksheet worksheet) {}

    /** The policy version that priced an assignment. */
    record PolicyVersionRef(long id, int version, String family) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/resale-policies", this::createPolicy, Access.STAFF);
        routes.get("/api/v1/resale-policies", this::listPolicies, Access.SIGNED_IN);
        routes.get("/api/v1/resale-policies/{id}", this::getPolicy, Access.SIGNED_IN);
        routes.post("/api/v1/resale-policies/{id}/versions", this::createVersion, Access.STAFF);
        routes.post("/api/v1/resale-policies/{id}/versions/{version}/quote", this::quote, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}/resale-quote", this::quoteLease, Access.SIGNED_IN);
        routes.post("/api/v1/leases/{id}/assign", this::assignLease, Access.STAFF);
        routes.get("/api/v1/price-indexes/{code}", this::getPriceIndex, Access.PUBLIC);
        routes.put("/api/v1/price-indexes/{code}/values", this::putIndexValues, Access.OPERATOR);
    }

    private void createPolicy(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, ResaleInput.CREATE_FIELDS);
        String trust = body.requiredText("trust");
        String code = ResaleInput.readPolicyCode(body);
        String name = body.requiredText("name");
        String family = body.requiredText("family");
        ResalePolicies.TrustPolicy policy = policies.createPolicy(
                Callers.get(ctx),
                trust,
                code,
                name,
                family,
                body.optionalNode("terms").orElse(null),
                Callers.change(ctx, body.requiredText("reason")));
        ctx.header(
                "Location",
                PublicAddress.base(ctx) + "/api/v1/resale-policies/"
                        + policy.policy().id());
        ctx.status(201).json(PolicyReply.of(policy));
    }

    private void createVersion(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, ResaleInput.VERSION_FIELDS);
        ResalePolicies.TrustPolicy policy = policies.createVersion(
                Callers.get(ctx),
                id,
                body.optionalText("family"),
                body.optionalNode("terms").orElse(null),
                Callers.change(ctx, body.requiredText("reason")));
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/resale-policies/" + id);
        ctx.status(201).json(PolicyReply.of(policy));
    }

    private void listPolicies(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust"));
        String trust = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Give the trust whose resale policies you want: ?trust=ftc-jacarandas."));
        ResalePolicies.TrustPolicies found = policies.listPolicies(Callers.get(ctx), trust);
        ctx.json(new PolicyList(
                found.trust(),
                found.policies().stream()
                        .map(policy -> PolicyReply.of(new ResalePolicies.TrustPolicy(policy, found.trust())))
                        .toList()));
    }

    private void getPolicy(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        ctx.json(PolicyReply.of(policies.getPolicy(Callers.get(ctx), id)));
    }

    private void quote(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        int version = ResaleInput.parseVersion(ctx.pathParam("version"));
        ResaleFacts facts = ResaleInput.readFacts(JsonBody.read(ctx, json, ResaleInput.QUOTE_FIELDS));
        ctx.json(QuoteReply.of(quotes.quote(Callers.get(ctx), id, version, facts), Language.of(ctx)));
    }

    private void quoteLease(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("soldOn", "currentAppraisal"));
        ResaleQuote quote = quotes.quoteLease(
                Callers.get(ctx),
                leaseId,
                ResaleInput.readSoldOn(parameters),
                ResaleInput.readCurrentAppraisal(parameters));
        ctx.json(QuoteReply.of(quote, Language.of(ctx)));
    }

    /**
     * The home on the land is sold: the active lease closes as assigned on {@code on}, and the next lease
     * opens from that day at the resale price the policy allows (see {@link Assignments}).
     */
    private void assignLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, ResaleInput.ASSIGNMENT_FIELDS);
        Assignments.Assignment done = assignments.assign(
                Callers.get(ctx),
                id,
                ResaleInput.readSuccessor(body),
                IfMatch.read(ctx),
                Callers.change(ctx, body.requiredText("reason")));
        ResaleQuote quote = done.quote();
        ctx.status(201);
        ctx.header(
                "Location",
                PublicAddress.base(ctx) + "/api/v1/leases/" + done.nextLease().id());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(new AssignmentReply(
                done.previousLease(),
                done.nextLease(),
                quote.price().toPlainString(),
                quote.currency(),
                new PolicyVersionRef(quote.policyId(), quote.policyVersion(), quote.family()),
                quote.worksheet()));
    }

    private void getPriceIndex(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(IndexReply.of(indexes.getIndex(ctx.pathParam("code"))));
    }

    private void putIndexValues(Context ctx) {
        String code = ctx.pathParam("code");
        if (!PriceIndexes.CODE.matcher(code).matches()) {
            throw Problem.invalidParameter(
                    "code", "A price index code is 2 to 31 lower-case letters, digits and hyphens, such as 'inpc'.");
        }
        JsonBody body = JsonBody.read(ctx, json, ResaleInput.INDEX_VALUES_FIELDS);
        String reason = body.requiredText("reason");
        PriceIndexes.Publication published = indexes.putValues(
                code, ResaleInput.readIndexName(body), ResaleInput.readIndexValues(body), Callers.change(ctx, reason));
        IndexReply index = IndexReply.of(published.index());
        ctx.json(new PublicationReply(
                index.code(),
                index.name(),
                index.values(),
                published.changedMonths().stream().map(YearMonth::toString).toList()));
    }
}
