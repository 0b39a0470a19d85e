package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * API tokens for scripts and GIS tools: {@code POST /api/v1/tokens} (the secret is shown once),
 * {@code GET /api/v1/tokens}, {@code DELETE /api/v1/tokens/{id}}. A token acts in one trust with one
 * role, never more than its owner holds there, and always expires.
 */
public final class TokenRoutes implements RouteGroup {

    static final String TOKEN_PREFIX = "tierra_";
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    private static final Duration MAXIMUM_LIFETIME = Duration.ofDays(366);

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public TokenRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/tokens", this::createToken, Access.SIGNED_IN);
        routes.get("/api/v1/tokens", this::listTokens, Access.SIGNED_IN);
        routes.delete("/api/v1/tokens/{id}", this::revokeToken, Access.SIGNED_IN);
    }

    private void createToken(Context ctx) {
        Principal principal = Callers.get(ctx);
        if (principal.credential() != Principal.Credential.SESSION) {
            throw Problem.forbidden("Tokens are created from a signed-in session, not with another token.");
        }
        JsonBody body = JsonBody.read(ctx, json, Set.of("name", "trust", "role", "expiresAt"));
        String name = body.requiredText("name");
        if (name.length() > 100) {
            throw Problem.invalidField("name", "A token's name has at most 100 characters.");
        }
        String trustCode = body.requiredText("trust");
        Role role = Role.fromCode(body.requiredText("role"))
                .orElseThrow(() ->
                        Problem.invalidField("role", "'role' is one of admin, board, staff, lessee, researcher."));
        Instant now = Instant.now();
        Instant expiresAt = body.optionalInstant("expiresAt").orElse(now.plus(DEFAULT_LIFETIME));
        if (!expiresAt.isAfter(now)) {
            throw Problem.invalidField("expiresAt", "'expiresAt' must be in the future.");
        }
        if (expiresAt.isAfter(now.plus(MAXIMUM_LIFETIME))) {
            throw Problem.invalidField("expiresAt", "A token lives at most 366 days; create a new one when it ends.");
        }
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, trustCode))
                .orElseThrow(() -> Problem.invalidField("trust", "There is no trust with code '" + trustCode + "'."));
        Role held = principal
                .roleIn(trust.id())
                .orElseThrow(() -> Problem.forbidden("You hold no role in trust " + trust.code() + "."));
        if (!held.grantableTokenRoles().contains(role)) {
            throw Problem.forbidden("As " + held.code() + " of " + trust.code()
                    + " you may issue tokens with the role "
                    + String.join(
                            " or ",
                            held.grantableTokenRoles().stream().map(Role::code).toList()) + ", not " + role.code()
                    + ".");
        }
        String secret = Secrets.newSecret(TOKEN_PREFIX);
        long id = database.inTransaction(connection -> {
            long tokenId = TokenRepository.createToken(
                    connection,
                    principal.userId(),
                    trust.id(),
                    role,
                    name,
                    Secrets.sha256(secret),
                    secret.substring(0, TOKEN_PREFIX.length() + 6),
                    expiresAt);
            audit.record(
                    connection,
                    Change.byWithoutReason(principal, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "api-token",
                            Long.toString(tokenId),
                            "create",
                            Map.of("name", name, "role", role.code(), "expiresAt", expiresAt.toString())));
            return tokenId;
        });
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("name", name);
        created.put("trust", trust.code());
        created.put("role", role.code());
        created.put("expiresAt", expiresAt.toString());
        created.put("token", secret);
        created.put("note", "Keep this token now: Tierra stores only its hash and cannot show it again.");
        ctx.status(201).json(created);
    }

    private void listTokens(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters.of(ctx, Set.of());
        List<Long> adminTrusts = principal.roles().entrySet().stream()
                .filter(entry -> entry.getValue() == Role.ADMIN)
                .map(Map.Entry::getKey)
                .toList();
        List<TokenRepository.ApiToken> tokens = database.withConnection(
                connection -> TokenRepository.listTokens(connection, principal.userId(), adminTrusts));
        ctx.json(
                Json.fields("tokens", tokens.stream().map(TokenRoutes::describe).toList()));
    }

    private void revokeToken(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Optional<String> reason = QueryParameters.of(ctx, Set.of("reason")).find("reason");
        // Someone else's token in a trust you do not administer does not exist as far as you can tell.
        TokenRepository.TokenOwner owner = database.withConnection(
                        connection -> TokenRepository.findOwner(connection, id))
                .filter(found -> found.userId() == principal.userId()
                        || principal
                                .roleIn(found.trustId())
                                .filter(role -> role == Role.ADMIN)
                                .isPresent())
                .orElseThrow(() -> Problem.notFound("There is no token " + id + " that you may revoke."));
        database.inTransaction(connection -> {
            if (TokenRepository.revokeToken(connection, id)) {
                audit.record(
                        connection,
                        new Change(
                                Optional.of(principal.userId()),
                                principal.username(),
                                reason,
                                Optional.of(HttpServer.requestId(ctx)).filter(requestId -> !requestId.isEmpty())),
                        new AuditEvent(
                                Optional.of(owner.trustId()), "api-token", Long.toString(id), "revoke", Map.of()));
            }
            return null;
        });
        ctx.status(204);
    }

    private static Map<String, Object> describe(TokenRepository.ApiToken token) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("id", token.id());
        description.put("name", token.name());
        description.put("owner", token.owner());
        description.put("trust", token.trust());
        description.put("role", token.role().code());
        description.put("prefix", token.prefix());
        description.put("createdAt", token.createdAt().toString());
        description.put("expiresAt", token.expiresAt().toString());
        description.put("revokedAt", token.revokedAt().map(Instant::toString).orElse(null));
        description.put("lastUsedAt", token.lastUsedAt().map(Instant::toString).orElse(null));
        return description;
    }
}
