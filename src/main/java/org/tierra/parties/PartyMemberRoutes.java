package org.tierra.parties;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who belongs to a household or group, and a party's standing in its trust, over time:
 * {@code POST /api/v1/parties/{id}/members}, {@code .../members/{memberId}/end},
 * {@code POST /api/v1/parties/{id}/memberships}, {@code .../memberships/{membershipId}/end}. The rules
 * are {@link Memberships}'.
 */
public final class PartyMemberRoutes implements RouteGroup {

    private static final Set<String> END_FIELDS = Set.of("on", "reason");

    private final Memberships memberships;
    private final JsonMapper json;

    public PartyMemberRoutes(Memberships memberships, JsonMapper json) {
        this.memberships = memberships;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parties/{id}/members", this::addMember, Access.STAFF);
        routes.post("/api/v1/parties/{id}/members/{memberId}/end", this::endMember, Access.STAFF);
        routes.post("/api/v1/parties/{id}/memberships", this::addMembership, Access.STAFF);
        routes.post("/api/v1/parties/{id}/memberships/{membershipId}/end", this::endMembership, Access.STAFF);
    }

    private void addMember(Context ctx) {
        long groupId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, MembershipInput.MEMBER_FIELDS);
        NewMember member = MembershipInput.readMember(body);
        Memberships.GroupPeriod added = memberships.addMember(
                Callers.get(ctx), groupId, member, Callers.change(ctx, body.requiredText("reason")));
        ctx.status(201).json(added);
    }

    private void endMember(Context ctx) {
        long groupId = QueryParameters.parseId("id", ctx.pathParam("id"));
        long memberId = QueryParameters.parseId("memberId", ctx.pathParam("memberId"));
        JsonBody body = JsonBody.read(ctx, json, END_FIELDS);
        LocalDate on = body.requiredDate("on");
        ctx.json(memberships.endMember(
                Callers.get(ctx), groupId, memberId, on, Callers.change(ctx, body.requiredText("reason"))));
    }

    private void addMembership(Context ctx) {
        long partyId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, MembershipInput.MEMBERSHIP_FIELDS);
        NewMembership membership = MembershipInput.readMembership(body);
        Memberships.MembershipPeriod added = memberships.addMembership(
                Callers.get(ctx), partyId, membership, Callers.change(ctx, body.requiredText("reason")));
        ctx.status(201).json(added);
    }

    private void endMembership(Context ctx) {
        long partyId = QueryParameters.parseId("id", ctx.pathParam("id"));
        long membershipId = QueryParameters.parseId("membershipId", ctx.pathParam("membershipId"));
        JsonBody body = JsonBody.read(ctx, json, END_FIELDS);
        LocalDate on = body.requiredDate("on");
        ctx.json(memberships.endMembership(
                Callers.get(ctx), partyId, membershipId, on, Callers.change(ctx, body.requiredText("reason"))));
    }
}
