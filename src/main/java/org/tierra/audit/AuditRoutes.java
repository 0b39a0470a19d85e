package org.tierra.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import org.tierra.trusts.Trusts;

/**
 * {@code GET /api/v1/audit} lists entries (admins and board members see their trusts' entries; the
 * operator sees all), and {@code GET /api/v1/audit/verify} recomputes the hash chain.
 */
public final class AuditRoutes implements RouteGroup {

    private static final Set<String> LIST_PARAMETERS =
            Set.of("trust", "entity", "entityId", "action", "actor", "since", "until", "limit", "after");
    private static final Set<Role> READERS = Set.of(Role.ADMIN, Role.BOARD);

    private final Database database;
    private final AuditLog audit;

    public AuditRoutes(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/audit", this::listEntries, Access.SIGNED_IN);
        routes.get("/api/v1/audit/verify", this::verify, Access.SIGNED_IN);
    }

    private void listEntries(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, LIST_PARAMETERS);
        Optional<Trust> trust = parameters.find("trust").map(code -> Trusts.getTrust(database, code));
        trust.ifPresent(found -> principal.requireRole(found, true, Role.ADMIN, Role.BOARD));
        Optional<List<Long>> visible = principal.operator() ? Optional.empty() : Optional.of(readableTrusts(principal));
        if (visible.map(List::isEmpty).orElse(false)) {
            throw Problem.forbidden("The audit log is read by admins and board members of a trust.");
        }
        int limit = parameters.intInRange("limit", 1, 1_000, 100);
        AuditLog.Filter filter = new AuditLog.Filter(
                visible,
                trust.map(Trust::id),
                parameters.find("entity"),
                parameters.find("entityId"),
                parameters.find("action"),
                parameters.find("actor"),
                parameters.find("since").map(value -> instant("since", value)),
                parameters.find("until").map(value -> instant("until", value)),
                parameters
                        .find("after")
                        .map(value -> QueryParameters.parseId("after", value))
                        .orElse(0L),
                limit);
        List<AuditLog.Entry> entries = audit.list(database, filter);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("entries", entries);
        List<Map<String, String>> links = new ArrayList<>();
        if (entries.size() == limit) {
            String base = ctx.fullUrl().replaceAll("([?&])after=[^&]*&?", "$1").replaceAll("[?&]$", "");
            links.add(Map.of(
                    "rel",
                    "next",
                    "href",
                    base + (base.contains("?") ? "&" : "?") + "after="
                            + entries.get(entries.size() - 1).id()));
        }
        page.put("links", links);
        ctx.json(page);
    }

    private void verify(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters.of(ctx, Set.of());
        if (!principal.operator() && readableTrusts(principal).isEmpty()) {
            throw Problem.forbidden("Verifying the audit log needs the role admin or board in some trust.");
        }
        AuditLog.Verification verification = audit.verify(database);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("valid", verification.valid());
        report.put("entries", verification.entries());
        report.put("headHash", verification.headHash());
        verification.brokenAt().ifPresent(id -> report.put("brokenAt", id));
        verification.problem().ifPresent(problem -> report.put("problem", problem));
        ctx.json(report);
    }

    /** The ids of the trusts whose entries the principal may read. */
    private static List<Long> readableTrusts(Principal principal) {
        return principal.roles().entrySet().stream()
                .filter(entry -> READERS.contains(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Instant instant(String parameter, String value) {
        return QueryParameters.parseInstant(parameter, value);
    }
}
