package org.tierra.parties;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who belongs to a household or group, and a party's standing in its trust, over time:
 * {@code POST /api/v1/parties/{id}/members}, {@code .../members/{memberId}/end},
 * {@code POST /api/v1/parties/{id}/memberships}, {@code .../memberships/{membershipId}/end}. Admin and
 * staff of the trust write. Periods are whole days: {@code from} is the first, {@code to} and
 * {@code on} the last day included. Periods never overlap (checked here for a 409 that names the other
 * period, and by the database's exclusion constraints against races); nothing is deleted, a period is
 * ended.
 */
public final class PartyMemberRoutes implements RouteGroup {

    private static final Set<String> MEMBER_FIELDS = Set.of("member", "role", "from", "reason");
    private static final Set<String> MEMBERSHIP_FIELDS = Set.of("role", "seatClass", "from", "to", "reason");
    private static final Set<String> END_FIELDS = Set.of("on", "reason");
    private static final String EXCLUSION_VIOLATION = "23P01";

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;
    private final PartyRepository parties;

    public PartyMemberRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
        this.parties = new PartyRepository(json);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parties/{id}/members", this::addMember, Access.SIGNED_IN);
        routes.post("/api/v1/parties/{id}/members/{memberId}/end", this::endMember, Access.SIGNED_IN);
        routes.post("/api/v1/parties/{id}/memberships", this::addMembership, Access.SIGNED_IN);
        routes.post("/api/v1/parties/{id}/memberships/{membershipId}/end", this::endMembership, Access.SIGNED_IN);
    }

    private void addMember(Context ctx) {
        Principal principal = Callers.get(ctx);
        long groupId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, MEMBER_FIELDS);
        long memberId = requiredId(body, "member");
        String role = body.optionalText("role").orElse("member");
        if (!role.equals("head") && !role.equals("member")) {
            throw Problem.invalidField(
                    "role",
                    "'role' is head (the household's head or group's representative) or member; got '" + role + "'.");
        }
        LocalDate from = body.requiredDate("from");
        String reason = body.requiredText("reason");
        long periodId = database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, principal, groupId);
            Party group = parties.findPartyForUpdate(connection, groupId).orElseThrow();
            String groupKind = group.data().kind();
            if (PartyData.isPerson(groupKind)) {
                throw new Problem(
                        PartyProblem.NOT_A_GROUP,
                        "Party " + groupId + " is a person; members belong to a household, cooperative or"
                                + " organization.",
                        Map.of("party", groupId));
            }
            if (memberId == groupId) {
                throw Problem.invalidField("member", "A group cannot be its own member.");
            }
            Party member = parties.findParty(connection, memberId)
                    .filter(found -> found.trustId() == trust.id())
                    .orElseThrow(() -> Problem.invalidField(
                            "member", "Trust " + trust.code() + " has no party with id " + memberId + "."));
            String memberKind = member.data().kind();
            if (groupKind.equals("household") && !PartyData.isPerson(memberKind)) {
                throw Problem.invalidField(
                        "member", "A household's members are persons; party " + memberId + " is a " + memberKind + ".");
            }
            if (!PartyData.isPerson(memberKind) && parties.contains(connection, memberId, groupId)) {
                throw new Problem(
                        PartyProblem.MEMBERSHIP_CYCLE,
                        "Party " + groupId + " is itself among the members of " + memberId
                                + "; a group cannot contain itself.",
                        Map.of("party", groupId, "member", memberId));
            }
            Optional<Long> overlapping = parties.findOverlappingMember(connection, groupId, memberId, from);
            if (overlapping.isPresent()) {
                throw memberOverlap(groupId, memberId);
            }
            long created = excluding(
                    () -> parties.createMember(connection, trust.id(), groupId, memberId, role, from),
                    () -> memberOverlap(groupId, memberId));
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(groupId),
                            "add-member",
                            Map.of("member", memberId, "role", role, "from", from.toString(), "period", created)));
            return created;
        });
        ctx.status(201);
        ctx.json(Json.fields(
                "id", periodId,
                "group", groupId,
                "member", memberId,
                "role", role,
                "from", from.toString(),
                "to", null));
    }

    private void endMember(Context ctx) {
        Principal principal = Callers.get(ctx);
        long groupId = QueryParameters.parseId("id", ctx.pathParam("id"));
        long memberId = QueryParameters.parseId("memberId", ctx.pathParam("memberId"));
        JsonBody body = JsonBody.read(ctx, json, END_FIELDS);
        LocalDate on = body.requiredDate("on");
        String reason = body.requiredText("reason");
        PartyRepository.Period ended = database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, principal, groupId);
            parties.lockParty(connection, groupId);
            PartyRepository.Period open = parties.findOpenMember(connection, groupId, memberId)
                    .orElseThrow(() -> new Problem(
                            PartyProblem.NOT_A_CURRENT_MEMBER,
                            "Party " + memberId + " has no open-ended membership in group " + groupId + " to end.",
                            Map.of("party", groupId, "member", memberId)));
            requireNotBefore(on, open.from());
            parties.endMember(connection, open.id(), on);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(groupId),
                            "end-member",
                            Map.of("member", memberId, "on", on.toString(), "period", open.id())));
            return open;
        });
        ctx.json(Json.fields(
                "id", ended.id(),
                "group", groupId,
                "member", memberId,
                "role", ended.role(),
                "from", ended.from().toString(),
                "to", on.toString()));
    }

    private void addMembership(Context ctx) {
        Principal principal = Callers.get(ctx);
        long partyId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, MEMBERSHIP_FIELDS);
        String roleCode = body.requiredText("role");
        MembershipRole role = MembershipRole.fromCode(roleCode)
                .orElseThrow(() -> Problem.invalidField(
                        "role",
                        "'role' is ejidatario, comunero, posesionario, avecindado, lessee or board_member; got '"
                                + roleCode + "'."));
        Optional<String> seatClass = body.optionalText("seatClass");
        if (role.hasSeatClass() && seatClass.isEmpty()) {
            throw Problem.invalidField(
                    "seatClass", "A board member holds a seat of class lessee, community or public: give 'seatClass'.");
        }
        if (!role.hasSeatClass() && seatClass.isPresent()) {
            throw Problem.invalidField("seatClass", "Only a board member has a seat class; leave 'seatClass' out.");
        }
        if (seatClass
                .filter(given -> !MembershipRole.SEAT_CLASSES.contains(given))
                .isPresent()) {
            throw Problem.invalidField(
                    "seatClass", "'seatClass' is lessee, community or public; got '" + seatClass.get() + "'.");
        }
        LocalDate from = body.requiredDate("from");
        Optional<LocalDate> to = body.optionalDate("to");
        if (to.filter(last -> last.isBefore(from)).isPresent()) {
            throw Problem.invalidField("to", "'to' (the last day) cannot be before 'from' (" + from + ").");
        }
        String reason = body.requiredText("reason");
        long membershipId = database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, principal, partyId);
            Party party = parties.findPartyForUpdate(connection, partyId).orElseThrow();
            if (!role.existsIn(trust.kind())) {
                throw Problem.invalidField(
                        "role",
                        "Trust " + trust.code() + " is a " + trust.kind().databaseCode() + ", which has no "
                                + role.code()
                                + "s: agrarian roles belong to ejidos and comunidades agrarias, lessees and board"
                                + " seats to land trusts.");
            }
            if (role.personOnly() && !PartyData.isPerson(party.data().kind())) {
                throw Problem.invalidField(
                        "role",
                        "Only a person can be " + role.code() + "; party " + partyId + " is a "
                                + party.data().kind() + ".");
            }
            Optional<Long> overlapping = parties.findOverlappingMembership(connection, partyId, role.code(), from, to);
            if (overlapping.isPresent()) {
                throw membershipOverlap(partyId, role, overlapping);
            }
            long created = excluding(
                    () -> parties.createMembership(connection, trust.id(), partyId, role.code(), seatClass, from, to),
                    () -> membershipOverlap(partyId, role, Optional.empty()));
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(partyId),
                            "add-membership",
                            membershipDetails(created, role, seatClass, from, to)));
            return created;
        });
        ctx.status(201);
        ctx.json(Json.fields(
                "id", membershipId,
                "party", partyId,
                "role", role.code(),
                "seatClass", seatClass.orElse(null),
                "from", from.toString(),
                "to", to.map(LocalDate::toString).orElse(null)));
    }

    private void endMembership(Context ctx) {
        Principal principal = Callers.get(ctx);
        long partyId = QueryParameters.parseId("id", ctx.pathParam("id"));
        long membershipId = QueryParameters.parseId("membershipId", ctx.pathParam("membershipId"));
        JsonBody body = JsonBody.read(ctx, json, END_FIELDS);
        LocalDate on = body.requiredDate("on");
        String reason = body.requiredText("reason");
        PartyRepository.Period ended = database.inTransaction(connection -> {
            Trust trust = PartyAccess.requireWriter(connection, parties, principal, partyId);
            parties.lockParty(connection, partyId);
            PartyRepository.Period membership = parties.findMembershipForUpdate(connection, membershipId, partyId)
                    .orElseThrow(() ->
                            Problem.notFound("Party " + partyId + " has no membership with id " + membershipId + "."));
            if (membership.to().isPresent()) {
                throw new Problem(
                        PartyProblem.MEMBERSHIP_ENDED,
                        "Membership " + membershipId + " already ends on "
                                + membership.to().get() + "; record a new membership rather than rewrite this one.",
                        Map.of("membership", membershipId));
            }
            requireNotBefore(on, membership.from());
            parties.endMembership(connection, membershipId, on);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "party",
                            Long.toString(partyId),
                            "end-membership",
                            Map.of("membership", membershipId, "role", membership.role(), "on", on.toString())));
            return membership;
        });
        ctx.json(Json.fields(
                "id", membershipId,
                "party", partyId,
                "role", ended.role(),
                "seatClass", ended.seatClass().orElse(null),
                "from", ended.from().toString(),
                "to", on.toString()));
    }

    /**
     * Runs an insert guarded by an exclusion constraint: a concurrent writer that slipped past the check
     * above gets the same 409 as one the check caught, never a 500.
     */
    private static long excluding(Supplier<Long> insert, Supplier<Problem> conflict) {
        try {
            return insert.get();
        } catch (DatabaseException e) {
            if (e.sqlState().filter(EXCLUSION_VIOLATION::equals).isPresent()) {
                throw conflict.get();
            }
            throw e;
        }
    }

    private static Problem memberOverlap(long groupId, long memberId) {
        return new Problem(
                PartyProblem.MEMBER_OVERLAP,
                "Party " + memberId + " is already a member of group " + groupId + " on or after that date; end"
                        + " that membership first.",
                Map.of("party", groupId, "member", memberId));
    }

    private static Problem membershipOverlap(long partyId, MembershipRole role, Optional<Long> other) {
        Map<String, Object> fields = Json.fields("party", partyId, "role", role.code());
        other.ifPresent(id -> fields.put("membership", id));
        return new Problem(
                PartyProblem.MEMBERSHIP_OVERLAP,
                "Party " + partyId + " is already " + role.code() + " during part of that period"
                        + other.map(id -> " (membership " + id + ")").orElse("")
                        + "; end or shorten that membership first.",
                fields);
    }

    /** The audit details of a new membership: ids, role and dates only (audit details hold no nulls). */
    private static Map<String, Object> membershipDetails(
            long membershipId,
            MembershipRole role,
            Optional<String> seatClass,
            LocalDate from,
            Optional<LocalDate> to) {
        Map<String, Object> details =
                Json.fields("membership", membershipId, "role", role.code(), "from", from.toString());
        seatClass.ifPresent(seat -> details.put("seatClass", seat));
        to.ifPresent(last -> details.put("to", last.toString()));
        return details;
    }

    private static void requireNotBefore(LocalDate on, LocalDate from) {
        if (on.isBefore(from)) {
            throw Problem.invalidField(
                    "on", "'on' is the last day of the period, which began on " + from + "; it cannot be earlier.");
        }
    }

    private static long requiredId(JsonBody body, String field) {
        return body.optionalNode(field)
                .filter(node -> node.canConvertToExactIntegral() && node.asLong() > 0)
                .map(node -> node.asLong())
                .orElseThrow(() -> Problem.invalidField(field, "'" + field + "' is the id of a party, e.g. 42."));
    }
}
