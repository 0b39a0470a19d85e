package org.tierra.auth;

import java.util.Optional;
import org.tierra.access.Role;

/**
 * A role to give a user in a trust, and the account to create when the user does not exist yet.
 *
 * @param displayName required when the account is new
 * @param password exactly as sent (spaces count); required when the account is new, refused otherwise
 *     (users change their own passwords)
 */
public record RoleGrant(Role role, Optional<String> displayName, Optional<String> password) {}
