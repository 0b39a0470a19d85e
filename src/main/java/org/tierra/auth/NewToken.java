package org.tierra.auth;

import java.time.Instant;
import java.util.Optional;
import org.tierra.access.Role;
import org.tierra.core.Problem;

/**
 * An API token as a user asks for it.
 *
 * @param name at most 100 characters, to tell one's tokens apart
 * @param trust the code of the trust it will act in
 * @param role what it may do there: the user's role or a narrower one
 * @param expiresAt when it stops working; 90 days from now when empty, at most 366
 */
public record NewToken(String name, String trust, Role role, Optional<Instant> expiresAt) {

    public NewToken {
        if (name.length() > 100) {
            throw Problem.invalidField("name", "A token's name has at most 100 characters.");
        }
    }
}
