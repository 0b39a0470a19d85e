package org.tierra.access;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tierra.core.Problem;

/**
 * Who is asking, once authenticated: a user and the roles they act with, per trust id.
 *
 * <p>With a session these are all the user's memberships; with an API token, only the token's trust
 * and role (never more than the user still holds there). {@code credential} says which, since only
 * session-authenticated writes need a CSRF token.
 */
public record Principal(
        long userId,
        String username,
        String displayName,
        boolean operator,
        Map<Long, Role> roles,
        Credential credential) {

    /** How the request proved who it is. */
    public enum Credential {
        SESSION,
        API_TOKEN
    }

    public Principal {
        roles = Map.copyOf(roles);
    }

    public Optional<Role> roleIn(long trustId) {
        return Optional.ofNullable(roles.get(trustId));
    }

    /**
     * Requires one of {@code allowed} in {@code trust}; the operator passes only when
     * {@code operatorAllowed}.
     *
     * @throws Problem 403 ({@code forbidden}) naming the trust and the roles that would do
     */
    public Role requireRole(TrustScope trust, boolean operatorAllowed, Role... allowed) {
        Optional<Role> role = roleIn(trust.id());
        if (role.isPresent() && Arrays.asList(allowed).contains(role.get())) {
            return role.get();
        }
        if (operator && operatorAllowed) {
            return Role.ADMIN;
        }
        String held = role.map(r -> "; you are " + r.code() + " there.").orElse("; you hold no role there.");
        throw Problem.forbidden("This needs the role "
                + Arrays.stream(allowed).map(Role::code).collect(Collectors.joining(" or "))
                + " in trust " + trust.code() + held);
    }
}
