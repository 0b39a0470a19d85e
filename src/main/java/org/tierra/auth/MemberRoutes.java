package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import org.tierra.trusts.Trusts;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trust's people and their roles: {@code GET /api/v1/trusts/{trust}/members} (admin, board),
 * {@code PUT} and {@code DELETE /api/v1/trusts/{trust}/members/{username}} (admin; the operator too,
 * to give a new trust its first admin). {@code PUT} creates the account when it does not exist yet.
 */
public final class MemberRoutes implements RouteGroup {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public MemberRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/trusts/{trust}/members", this::listMembers, Access.SIGNED_IN);
        routes.put("/api/v1/trusts/{trust}/members/{username}", this::putMember, Access.SIGNED_IN);
        routes.delete("/api/v1/trusts/{trust}/members/{username}", this::removeMember, Access.SIGNED_IN);
    }

    private void listMembers(Context ctx) {
        Principal principal = Callers.get(ctx);
        Trust trust = Trusts.getTrust(database, ctx.pathParam("trust"));
        principal.requireRole(trust, true, Role.ADMIN, Role.BOARD);
        QueryParameters.of(ctx, Set.of());
        ctx.json(Json.fields(
                "trust",
                trust.code(),
                "members",
                database.withConnection(connection -> AccountRepository.listMembers(connection, trust.id()).stream()
                        .map(member -> Json.fields(
                                "username",
                                member.username(),
                                "displayName",
                                member.displayName(),
                                "role",
                                member.role().code()))
                        .toList())));
    }

    private void putMember(Context ctx) {
        Principal principal = Callers.get(ctx);
        Trust trust = Trusts.getTrust(database, ctx.pathParam("trust"));
        principal.requireRole(trust, true, Role.ADMIN);
        String username = requireUsername(ctx.pathParam("username"));
        JsonBody body = JsonBody.read(ctx, json, Set.of("role", "displayName", "password", "reason"));
        Role role = Role.fromCode(body.requiredText("role"))
                .orElseThrow(() ->
                        Problem.invalidField("role", "'role' is one of admin, board, staff, lessee, researcher."));
        String reason = body.requiredText("reason");
        Optional<User> existing =
                database.withConnection(connection -> AccountRepository.findUser(connection, username));
        Optional<NewAccount> newAccount =
                existing.isPresent() ? Optional.empty() : Optional.of(newAccount(username, body));
        if (existing.isPresent() && body.optionalText("password").isPresent()) {
            throw Problem.invalidField(
                    "password",
                    "The user " + username
                            + " exists already; a user changes their own password (POST /api/v1/auth/password).");
        }
        boolean created = database.inTransaction(connection -> {
            TrustRepository.lockTrust(connection, trust.id()); // two admins demoting each other: one waits
            User user = existing.orElseGet(() -> {
                User account = AccountRepository.createUser(
                        connection,
                        username,
                        newAccount.get().displayName(),
                        newAccount.get().passwordHash(),
                        false);
                audit.record(
                        connection,
                        Change.by(principal, reason, HttpServer.requestId(ctx)),
                        new AuditEvent(Optional.of(trust.id()), "user", username, "create", Map.of()));
                return account;
            });
            Optional<Role> before = Optional.ofNullable(
                    AccountRepository.listRoles(connection, user.id()).get(trust.id()));
            if (before.filter(held -> held == Role.ADMIN).isPresent() && role != Role.ADMIN) {
                refuseRemovingLastAdmin(connection, trust);
            }
            boolean membershipCreated = AccountRepository.setRole(connection, user.id(), trust.id(), role);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "membership",
                            username,
                            membershipCreated ? "grant" : "change-role",
                            Map.of(
                                    "role",
                                    role.code(),
                                    "previousRole",
                                    before.map(Role::code).orElse("none"))));
            return membershipCreated;
        });
        ctx.status(created ? 201 : 200)
                .json(Json.fields("trust", trust.code(), "username", username, "role", role.code()));
    }

    private void removeMember(Context ctx) {
        Principal principal = Callers.get(ctx);
        Trust trust = Trusts.getTrust(database, ctx.pathParam("trust"));
        principal.requireRole(trust, true, Role.ADMIN);
        String username = requireUsername(ctx.pathParam("username"));
        String reason = QueryParameters.of(ctx, Set.of("reason"))
                .find("reason")
                .filter(text -> !text.isBlank())
                .orElseThrow(() -> Problem.invalidParameter("reason", "Say why, with ?reason=..."));
        database.inTransaction(connection -> {
            TrustRepository.lockTrust(connection, trust.id());
            User user = AccountRepository.findUser(connection, username)
                    .orElseThrow(() -> Problem.notFound(username + " is not a member of " + trust.code() + "."));
            Role held = Optional.ofNullable(
                            AccountRepository.listRoles(connection, user.id()).get(trust.id()))
                    .orElseThrow(() -> Problem.notFound(username + " is not a member of " + trust.code() + "."));
            if (held == Role.ADMIN) {
                refuseRemovingLastAdmin(connection, trust);
            }
            AccountRepository.removeRole(connection, user.id(), trust.id());
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "membership",
                            username,
                            "revoke",
                            Map.of("previousRole", held.code())));
            return null;
        });
        ctx.status(204);
    }

    private static void refuseRemovingLastAdmin(java.sql.Connection connection, Trust trust) {
        if (AccountRepository.countAdmins(connection, trust.id()) <= 1) {
            throw new Problem(
                    AuthProblem.LAST_ADMIN,
                    "Trust " + trust.code() + " would have no admin left; make someone else admin first.",
                    Map.of());
        }
    }

    private record NewAccount(String displayName, String passwordHash) {}

    private static NewAccount newAccount(String username, JsonBody body) {
        String displayName = body.optionalText("displayName")
                .orElseThrow(() -> Problem.invalidField(
                        "displayName",
                        "The user " + username
                                + " does not exist yet: give 'displayName' and 'password' to create it."));
        String password = body.requiredRawText("password");
        Passwords.weakness(password, username).ifPresent(reason -> {
            throw Problem.invalidField("password", reason);
        });
        return new NewAccount(displayName, Passwords.hash(password));
    }

    static String requireUsername(String text) {
        String username = text.toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(username).matches()) {
            throw Problem.invalidParameter(
                    "username",
                    "A username is 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return username;
    }
}
