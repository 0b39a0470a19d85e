package org.tierra.leases;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.IfMatch;
import org.tierra.http.JsonBody;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ground leases over HTTP: {@code POST /api/v1/leases}, {@code GET /api/v1/leases},
 * {@code GET /api/v1/leases/{id}}, {@code GET /api/v1/leases/{id}/versions}, the edit of a draft
 * {@code PATCH /api/v1/leases/{id}} (If-Match required) and the transitions
 * {@code POST /api/v1/leases/{id}/activate | cancel | terminate | expire} (If-Match optional). The rules
 * are {@link LeaseLifecycle}'s and {@link Leases}'; a lease is answered with its ETag.
 */
public final class LeaseRoutes implements RouteGroup {

    private final LeaseLifecycle lifecycle;
    private final Leases leases;
    private final JsonMapper json;

    public LeaseRoutes(LeaseLifecycle lifecycle, Leases leases, JsonMapper json) {
        this.lifecycle = lifecycle;
        this.leases = leases;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/leases}: a page of leases and the id to list after for the next. */
    record LeaseList(String trust, List<Lease> leases, Optional<Long> next) {}

    /** The reply to {@code GET /api/v1/leases/{id}/versions}. */
    record VersionList(long lease, List<VersionItem> versions) {}

    /** One version in {@link VersionList}: with its author for the trust's people, without for a lessee. */
    sealed interface VersionItem permits Version, AuthoredVersion {}

    /** A version as a lessee sees it. */
    record Version(int version, String validFrom, String validTo, String operation, JsonNode lease)
            implements VersionItem {}

    /** A version as the trust's people see it: who changed it, why, under which request. */
    record AuthoredVersion(
            int version,
            String validFrom,
            String validTo,
            String operation,
            JsonNode lease,
            String changedBy,
            String reason,
            String requestId)
            implements VersionItem {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/leases", this::createLease, Access.STAFF);
        routes.get("/api/v1/leases", this::listLeases, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}", this::getLease, Access.SIGNED_IN);
        routes.get("/api/v1/leases/{id}/versions", this::listVersions, Access.SIGNED_IN);
        routes.patch("/api/v1/leases/{id}", this::editDraft, Access.STAFF);
        routes.post("/api/v1/leases/{id}/activate", this::activateLease, Access.STAFF);
        routes.post("/api/v1/leases/{id}/cancel", this::cancelLease, Access.STAFF);
        routes.post("/api/v1/leases/{id}/terminate", this::terminateLease, Access.STAFF);
        routes.post("/api/v1/leases/{id}/expire", this::expireLease, Access.STAFF);
    }

    private void createLease(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, LeaseInput.CREATE_FIELDS);
        String trust = body.requiredText("trust");
        LeaseTerms terms = LeaseInput.readTerms(body);
        boolean activate = LeaseInput.readActivateNow(body);
        Lease lease = lifecycle.createLease(
                Callers.get(ctx), trust, terms, activate, Callers.change(ctx, body.requiredText("reason")));
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/leases/" + lease.id());
        respond(ctx, 201, lease);
    }

    private void editDraft(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, LeaseInput.PATCH_FIELDS);
        String reason = body.requiredText("reason");
        LeaseTermsPatch edit = LeaseInput.readEdit(body);
        Lease lease = lifecycle.editDraft(Callers.get(ctx), id, edit, IfMatch.read(ctx), Callers.change(ctx, reason));
        respond(ctx, 200, lease);
    }

    private void activateLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        respond(ctx, 200, lifecycle.activate(Callers.get(ctx), id, IfMatch.read(ctx), Callers.change(ctx, reason)));
    }

    private void cancelLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        respond(ctx, 200, lifecycle.cancel(Callers.get(ctx), id, IfMatch.read(ctx), Callers.change(ctx, reason)));
    }

    private void terminateLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("on", "reason"));
        Lease lease = lifecycle.terminate(
                Callers.get(ctx),
                id,
                body.requiredDate("on"),
                IfMatch.read(ctx),
                Callers.change(ctx, body.requiredText("reason")));
        respond(ctx, 200, lease);
    }

    private void expireLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("on", "reason"));
        Optional<LocalDate> on = body.optionalDate("on");
        Lease lease = lifecycle.expire(
                Callers.get(ctx), id, on, IfMatch.read(ctx), Callers.change(ctx, body.requiredText("reason")));
        respond(ctx, 200, lease);
    }

    private void getLease(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        respond(ctx, 200, leases.getLease(Callers.get(ctx), id));
    }

    private void listLeases(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust", "status", "parcel", "limit", "after"));
        String trust = parameters
                .find("trust")
                .orElseThrow(() -> Problem.invalidParameter(
                        "trust", "Name the trust whose leases to list: ?trust=ftc-jacarandas."));
        Optional<LeaseStatus> status = parameters.find("status").map(value -> LeaseStatus.find(value)
                .orElseThrow(() -> Problem.invalidParameter(
                        "status",
                        "'status' is one of " + LeaseTermsCheck.sortedCodes(LeaseStatus.values()) + ", got '" + value
                                + "'.")));
        Optional<Long> parcel = parameters.find("parcel").map(value -> QueryParameters.parseId("parcel", value));
        long after = parameters
                .find("after")
                .map(value -> QueryParameters.parseId("after", value))
                .orElse(0L);
        int limit = parameters.intInRange("limit", 1, 1000, 100);
        Leases.LeasePage page = leases.listLeases(Callers.get(ctx), trust, status, parcel, after, limit);
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(new LeaseList(page.trust(), page.leases(), page.next()));
    }

    private void listVersions(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        List<VersionItem> versions = leases.listVersions(Callers.get(ctx), id).stream()
                .map(this::versionItem)
                .toList();
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(new VersionList(id, versions));
    }

    private VersionItem versionItem(Leases.LeaseVersion version) {
        String validFrom = version.validFrom().toString();
        String validTo = version.validTo().map(Instant::toString).orElse(null);
        JsonNode lease = json.readTree(version.snapshotJson());
        return version.author()
                .<VersionItem>map(author -> new AuthoredVersion(
                        version.version(),
                        validFrom,
                        validTo,
                        version.operation(),
                        lease,
                        author.changedBy(),
                        author.reason(),
                        author.requestId().orElse(null)))
                .orElseGet(() -> new Version(version.version(), validFrom, validTo, version.operation(), lease));
    }

    private static void respond(Context ctx, int status, Lease lease) {
        ctx.status(status);
        ctx.header("ETag", lease.versionTag().etag());
        ctx.header("Cache-Control", "private, no-cache");
        ctx.json(lease);
    }
}
