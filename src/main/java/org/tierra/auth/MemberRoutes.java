package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trust's people and their roles: {@code GET /api/v1/trusts/{trust}/members}, {@code PUT} and
 * {@code DELETE /api/v1/trusts/{trust}/members/{username}}. {@code PUT} creates the account when it does
 * not exist yet. The rules are {@link Members}'.
 */
public final class MemberRoutes implements RouteGroup {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    private final Members members;
    private final JsonMapper json;

    public MemberRoutes(Members members, JsonMapper json) {
        this.members = members;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/trusts/{trust}/members}. */
    record MemberList(String trust, List<Member> members) {}

    /** A member as listed; {@code role} is the role's code. */
    record Member(String username, String displayName, String role) {}

    /** The reply to {@code PUT /api/v1/trusts/{trust}/members/{username}}. */
    record GrantedRole(String trust, String username, String role) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/trusts/{trust}/members", this::listMembers, Access.SIGNED_IN);
        routes.put("/api/v1/trusts/{trust}/members/{username}", this::putMember, Access.SIGNED_IN);
        routes.delete("/api/v1/trusts/{trust}/members/{username}", this::removeMember, Access.SIGNED_IN);
    }

    private void listMembers(Context ctx) {
        String trust = ctx.pathParam("trust");
        List<Member> listed = members.listMembers(Callers.get(ctx), trust).stream()
                .map(member -> new Member(
                        member.username(), member.displayName(), member.role().code()))
                .toList();
        QueryParameters.of(
                ctx, Set.of()); // after the access check: a caller who may not list gets 403, whatever the query
        ctx.json(new MemberList(trust, listed));
    }

    private void putMember(Context ctx) {
        String trust = ctx.pathParam("trust");
        String username = requireUsername(ctx.pathParam("username"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("role", "displayName", "password", "reason"));
        Role role = Role.fromCode(body.requiredText("role"))
                .orElseThrow(() ->
                        Problem.invalidField("role", "'role' is one of admin, board, staff, lessee, researcher."));
        String reason = body.requiredText("reason");
        // An existing account ignores the display name sent, so only a usable one counts.
        Optional<String> displayName = body.optionalNode("displayName")
                .filter(JsonNode::isString)
                .map(name -> name.asString().strip())
                .filter(name -> !name.isEmpty());
        RoleGrant grant = new RoleGrant(
                role, displayName, body.optionalNode("password").map(password -> body.requiredRawText("password")));
        boolean created = members.grantRole(Callers.get(ctx), trust, username, grant, Callers.change(ctx, reason));
        ctx.status(created ? 201 : 200).json(new GrantedRole(trust, username, role.code()));
    }

    private void removeMember(Context ctx) {
        String username = requireUsername(ctx.pathParam("username"));
        String reason = QueryParameters.of(ctx, Set.of("reason"))
                .find("reason")
                .filter(text -> !text.isBlank())
                .orElseThrow(() -> Problem.invalidParameter("reason", "Say why, with ?reason=..."));
        members.revokeRole(Callers.get(ctx), ctx.pathParam("trust"), username, Callers.change(ctx, reason));
        ctx.status(204);
    }

    private static String requireUsername(String text) {
        String username = text.toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw Problem.invalidParameter(
                    "username",
                    "A username is 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return username;
    }
}
