package org.tierra.parties;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import org.tierra.trusts.Trusts;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parties: {@code POST /api/v1/parties}, {@code GET /api/v1/parties?trust=}, {@code GET} and
 * {@code PATCH /api/v1/parties/{id}}, {@code GET /api/v1/parties/{id}/versions}. Who may call each is
 * {@link PartyAccess}'s rule. Every write is one transaction holding the new version (raised by exactly
 * one) and an audit entry that names fields, never their values: audit details carry no personal data.
 */
public final class PartyRoutes implements RouteGroup {

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"party-(\\d+)-(\\d+)\"");
    private static final int MAX_QUERY = 200;

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;
    private final PartyRepository parties;

    public PartyRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
        this.parties = new PartyRepository(json);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parties", this::createParty, Access.SIGNED_IN);
        routes.get("/api/v1/parties", this::listParties, Access.SIGNED_IN);
        routes.get("/api/v1/parties/{id}", this::getParty, Access.SIGNED_IN);
        routes.patch("/api/v1/parties/{id}", this::updateParty, Access.SIGNED_IN);
        routes.get("/api/v1/parties/{id}/versions", this::listVersions, Access.SIGNED_IN);
    }

    private void createParty(Context ctx) {
        Principal principal = Callers.get(ctx);
        JsonBody body = JsonBody.read(ctx, json, PartyInput.FIELDS);
        String trustCode = body.requiredText("trust");
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, trustCode))
                .orElseThrow(() -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
        PartyAccess.requireWriter(principal, trust);
        String kind = PartyInput.readKind(body);
        String reason = body.requiredText("reason");
        long id = database.inTransaction(connection -> {
            PartyData data = PartyInput.readNew(connection, body, kind, trust);
            requireUnique(connection, trust, data, 0);
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "create");
            long created = parties.createParty(connection, trust.id(), data);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(created),
                            "create",
                            Map.of("version", 1, "kind", kind, "fields", givenFields(body))));
            return created;
        });
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/parties/" + id);
        respondWithParty(ctx, 201, id);
    }

    private void listParties(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust", "kind", "q", "limit", "offset"));
        String trustCode = parameters
                .find("trust")
                .orElseThrow(() ->
                        Problem.invalidParameter("trust", "Name the trust whose parties to list: ?trust=<code>."));
        Optional<String> kind = parameters.find("kind");
        if (kind.filter(given -> !PartyData.KINDS.contains(given)).isPresent()) {
            throw Problem.invalidParameter(
                    "kind", "'kind' is person, household, cooperative or organization; got '" + kind.get() + "'.");
        }
        Optional<String> query = parameters.find("q").map(String::strip).filter(text -> !text.isEmpty());
        if (query.filter(text -> text.length() > MAX_QUERY).isPresent()) {
            throw Problem.invalidParameter("q", "'q' has at most " + MAX_QUERY + " characters.");
        }
        int limit = parameters.intInRange("limit", 1, 1000, 100);
        int offset = parameters.intInRange("offset", 0, Integer.MAX_VALUE, 0);
        Trust trust = Trusts.getTrust(database, trustCode);
        // Trust codes are public (GET /api/v1/trusts), so a 403 here confirms nothing a caller could not know.
        PartyAccess.requireTrustReader(principal, trust);
        List<PartyRepository.PartySummary> found = database.withConnection(connection ->
                parties.listParties(connection, trust.id(), kind, query.map(PartyRoutes::fold), limit, offset));
        ctx.json(Json.fields(
                "trust",
                trust.code(),
                "limit",
                limit,
                "offset",
                offset,
                "parties",
                found.stream()
                        .map(party -> Json.fields(
                                "id",
                                party.id(),
                                "kind",
                                party.kind(),
                                "name",
                                party.name(),
                                "version",
                                party.version()))
                        .toList()));
    }

    private void getParty(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        Map<String, Object> answer = database.withConnection(connection -> {
            PartyAccess.Reading reading = PartyAccess.requireReader(connection, parties, principal, id);
            ctx.header("ETag", reading.party().etag());
            return describe(connection, reading.party(), reading.trust());
        });
        ctx.json(answer);
    }

    private void updateParty(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        int expected = expectedVersion(ctx, id);
        JsonBody body = JsonBody.read(ctx, json, PartyInput.FIELDS);
        String reason = body.requiredText("reason");
        database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, principal, id);
            Party current = parties.findPartyForUpdate(connection, id).orElseThrow(() -> PartyAccess.notFound(id));
            if (current.version() != expected) {
                throw stale(current, expected);
            }
            PartyData changed = PartyInput.readChange(connection, body, current.data(), trust);
            List<String> fields = PartyInput.changedFields(current.data(), changed);
            if (fields.isEmpty()) {
                return null; // nothing new: no version, no audit entry
            }
            requireUnique(connection, trust, changed, id);
            Change.by(principal, reason, HttpServer.requestId(ctx)).mark(connection, "update");
            if (!parties.updateParty(connection, id, current.version(), changed)) {
                throw stale(current, expected);
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(id),
                            "update",
                            Map.of("version", current.version() + 1, "changed", fields)));
            return null;
        });
        respondWithParty(ctx, 200, id);
    }

    private void listVersions(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        Map<String, Object> answer = database.withConnection(connection -> {
            PartyAccess.Reading reading = PartyAccess.requireReader(connection, parties, principal, id);
            List<Map<String, Object>> versions = new ArrayList<>();
            for (PartyRepository.PartyVersion version : parties.listVersions(connection, id)) {
                Map<String, Object> item = Json.fields(
                        "version", version.version(),
                        "validFrom", version.validFrom().toString(),
                        "validTo", version.validTo().map(Instant::toString).orElse(null),
                        "operation", version.operation());
                // Who changed it and why are the trust's business; a reason may name someone else.
                if (reading.trustReader()) {
                    item.put("changedBy", version.changedBy());
                    item.put("reason", version.reason());
                    item.put("requestId", version.requestId().orElse(null));
                }
                item.putAll(dataFields(version.data(), version.account()));
                versions.add(item);
            }
            return Json.fields("party", id, "versions", versions);
        });
        ctx.json(answer);
    }

    /** 409 when another party of the trust has the same CURP or the same account, naming it. */
    private void requireUnique(Connection connection, Trust trust, PartyData data, long exceptId) {
        if (data.curp().isPresent()) {
            Optional<Long> other = parties.findPartyIdByCurp(
                    connection, trust.id(), data.curp().get(), exceptId);
            if (other.isPresent()) {
                throw new Problem(
                        PartyProblem.DUPLICATE_CURP,
                        "Party " + other.get() + " of trust " + trust.code() + " already has this CURP; a person is"
                                + " registered once per trust. Update party " + other.get() + " instead.",
                        Map.of("field", "curp", "party", other.get()));
            }
        }
        if (data.userId().isPresent()) {
            Optional<Long> other = parties.findPartyIdByUser(
                    connection, trust.id(), data.userId().get(), exceptId);
            if (other.isPresent()) {
                throw new Problem(
                        PartyProblem.ACCOUNT_LINKED,
                        "This account is already linked to party " + other.get() + " of trust " + trust.code()
                                + "; an account is one person.",
                        Map.of("field", "account", "party", other.get()));
            }
        }
    }

    /** The version the client read, from {@code If-Match: "party-<id>-<version>"}. */
    private static int expectedVersion(Context ctx, long id) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new Problem(
                    CommonProblem.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag of the version you read (GET the party: its ETag header), so that"
                            + " your change cannot overwrite one you have not seen.",
                    Map.of());
        }
        Matcher matcher = ETAG.matcher(header.strip());
        if (!matcher.matches()) {
            throw Problem.invalidParameter(
                    "If-Match", "If-Match holds the party's ETag as sent, e.g. \"party-12-3\"; got '" + header + "'.");
        }
        if (Long.parseLong(matcher.group(1)) != id) {
            throw Problem.invalidParameter(
                    "If-Match", "If-Match names party " + matcher.group(1) + ", but this is party " + id + ".");
        }
        try {
            return Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException e) {
            throw Problem.invalidParameter("If-Match", "'" + header + "' holds no version this party has had.");
        }
    }

    private static Problem stale(Party current, int expected) {
        return new Problem(
                CommonProblem.STALE_VERSION,
                "Party " + current.id() + " changed since you read it (you have version " + expected + ", it is at"
                        + " version " + current.version() + "); reload it and apply your change again.",
                Map.of("party", current.id(), "currentETag", current.etag()));
    }

    private void respondWithParty(Context ctx, int status, long id) {
        Map<String, Object> answer = database.withConnection(connection -> {
            Party party = parties.findParty(connection, id).orElseThrow();
            ctx.header("ETag", party.etag());
            Trust trust =
                    TrustRepository.findTrustById(connection, party.trustId()).orElseThrow();
            return describe(connection, party, trust);
        });
        ctx.status(status);
        ctx.json(answer);
    }

    /** The party with its members (groups), the groups it is in, and its memberships, past and present. */
    private Map<String, Object> describe(Connection connection, Party party, Trust trust) {
        Map<String, Object> answer = Json.fields(
                "id", party.id(), "trust", trust.code(), "kind", party.data().kind());
        answer.putAll(dataFields(party.data(), party.account()));
        answer.put("version", party.version());
        answer.put("updatedAt", party.updatedAt().toString());
        if (!PartyData.isPerson(party.data().kind())) {
            answer.put(
                    "members",
                    parties.listMembers(connection, party.id()).stream()
                            .map(period -> linkFields(period, "party"))
                            .toList());
        }
        answer.put(
                "groups",
                parties.listGroups(connection, party.id()).stream()
                        .map(period -> linkFields(period, "group"))
                        .toList());
        answer.put(
                "memberships",
                parties.listMemberships(connection, party.id()).stream()
                        .map(PartyRoutes::membershipFields)
                        .toList());
        return answer;
    }

    private static Map<String, Object> linkFields(PartyRepository.Period period, String otherName) {
        return Json.fields(
                otherName,
                period.otherId(),
                "kind",
                period.otherKind(),
                "name",
                period.otherName(),
                "role",
                period.role(),
                "from",
                period.from().toString(),
                "to",
                period.to().map(LocalDate::toString).orElse(null),
                "current",
                period.current());
    }

    private static Map<String, Object> membershipFields(PartyRepository.Period period) {
        return Json.fields(
                "id", period.id(),
                "role", period.role(),
                "seatClass", period.seatClass().orElse(null),
                "from", period.from().toString(),
                "to", period.to().map(LocalDate::toString).orElse(null),
                "current", period.current());
    }

    private static Map<String, Object> dataFields(PartyData data, Optional<String> account) {
        return Json.fields(
                "name", data.name(),
                "givenNames", data.givenNames().orElse(null),
                "familyNames", data.familyNames().orElse(null),
                "gender", data.gender().orElse(null),
                "curp", data.curp().orElse(null),
                "rfc", data.rfc().orElse(null),
                "contacts",
                        data.contacts().stream()
                                .map(PartyRepository::contactJson)
                                .toList(),
                "account", account.orElse(null),
                "notes", data.notes().orElse(null));
    }

    /** The names of the party fields a create body gave (for the audit entry: names, never values). */
    private static List<String> givenFields(JsonBody body) {
        return PartyInput.FIELDS.stream()
                .filter(field -> !Set.of("trust", "kind", "reason").contains(field))
                .filter(field -> body.optionalNode(field).isPresent())
                .sorted()
                .toList();
    }

    /** Lower case without accents, LIKE's wildcards escaped: as the list's SQL folds names. */
    static String fold(String text) {
        String plain = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
