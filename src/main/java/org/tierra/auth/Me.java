package org.tierra.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in user as they see themselves: who they are, the roles they act with (all their
 * memberships for a session; only the token's trust and role for an API token), how they proved it, and
 * for a session the CSRF token its writes must carry.
 *
 * @param credential {@code session} or {@code api-token}
 * @param csrfToken left out for an API token
 */
public record Me(
        Account user,
        List<TrustRole> memberships,
        String credential,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> csrfToken) {

    public Me {
        memberships = List.copyOf(memberships);
    }

    /**
     * The user's account.
     *
     * @param operator whether the request may act as the server's operator (never with an API token)
     */
    public record Account(String username, String displayName, boolean operator) {}

    /**
     * A role in a trust.
     *
     * @param trust the trust's code
     * @param role the role's code, e.g. {@code board}
     */
    public record TrustRole(String trust, String trustName, String role) {}
}
