package org.tierra.auth;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import org.tierra.trusts.Trusts;

/**
 * A trust's people and their roles. Admins and board members list them; admins (and the operator, to
 * give a new trust its first admin) grant, change and revoke roles, creating the account when it does not
 * exist yet. A trust always keeps an admin. Every change is audited.
 */
public final class Members {

    private final Database database;
    private final AuditLog audit;

    public Members(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /**
     * The members of trust {@code trustCode}, by username.
     *
     * @throws Problem 404 for a trust that does not exist; 403 unless the caller is its admin or board
     *     member, or the operator
     */
    public List<AccountRepository.Member> listMembers(Principal caller, String trustCode) {
        Trust trust = Trusts.getTrust(database, trustCode);
        caller.requireRole(trust, true, Role.ADMIN, Role.BOARD);
        return database.withConnection(connection -> AccountRepository.listMembers(connection, trust.id()));
    }

    /**
     * Gives {@code username} the role {@code grant} names in the trust, creating the account first when
     * there is none; audited as {@code change}.
     *
     * @return whether the user is new to the trust
     * @throws Problem 404 or 403 as for {@link #listMembers}, but only admins (and the operator) grant; 422
     *     for a new account without a display name or a strong password, or a password for an existing
     *     one; 409 ({@code last-admin}) when this would leave the trust without an admin
     */
    public boolean grantRole(Principal caller, String trustCode, String username, RoleGrant grant, Change change) {
        Trust trust = Trusts.getTrust(database, trustCode);
        caller.requireRole(trust, true, Role.ADMIN);
        Optional<User> existing =
                database.withConnection(connection -> AccountRepository.findUser(connection, username));
        Optional<String> newPasswordHash =
                existing.isPresent() ? Optional.empty() : Optional.of(newPasswordHash(username, grant));
        if (existing.isPresent() && grant.password().isPresent()) {
            throw Problem.invalidField(
                    "password",
                    "The user " + username
                            + " exists already; a user changes their own password (POST /api/v1/auth/password).");
        }
        return database.inTransaction(connection -> {
            TrustRepository.lockTrust(connection, trust.id()); // two admins demoting each other: one waits
            User user = existing.orElseGet(() -> {
                User account = AccountRepository.createUser(
                        connection, username, grant.displayName().orElseThrow(), newPasswordHash.orElseThrow(), false);
                audit.record(
                        connection,
                        change,
                        new AuditEvent(Optional.of(trust.id()), "user", username, "create", Map.of()));
                return account;
            });
            Optional<Role> before = Optional.ofNullable(
                    AccountRepository.listRoles(connection, user.id()).get(trust.id()));
            if (before.filter(held -> held == Role.ADMIN).isPresent() && grant.role() != Role.ADMIN) {
                refuseRemovingLastAdmin(connection, trust);
            }
            boolean created = AccountRepository.setRole(connection, user.id(), trust.id(), grant.role());
            audit.record(
                    connection,
                    change,
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "membership",
                            username,
                            created ? "grant" : "change-role",
                            Map.of(
                                    "role",
                                    grant.role().code(),
                                    "previousRole",
                                    before.map(Role::code).orElse("none"))));
            return created;
        });
    }

    /**
     * Takes {@code username}'s role in the trust away, audited as {@code change}; the account stays.
     *
     * @throws Problem 404 or 403 as for {@link #grantRole}; 404 when the user is not a member; 409
     *     ({@code last-admin}) for the trust's last admin
     */
    public void revokeRole(Principal caller, String trustCode, String username, Change change) {
        Trust trust = Trusts.getTrust(database, trustCode);
        caller.requireRole(trust, true, Role.ADMIN);
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
                    change,
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "membership",
                            username,
                            "revoke",
                            Map.of("previousRole", held.code())));
            return null;
        });
    }

    /** The hash of a new account's password, once its display name and password pass. */
    private static String newPasswordHash(String username, RoleGrant grant) {
        if (grant.displayName().isEmpty()) {
            throw Problem.invalidField(
                    "displayName",
                    "The user " + username + " does not exist yet: give 'displayName' and 'password' to create it.");
        }
        String password =
                grant.password().orElseThrow(() -> Problem.invalidField("password", "'password' is required."));
        Passwords.weakness(password, username).ifPresent(reason -> {
            throw Problem.invalidField("password", reason);
        });
        return Passwords.hash(password);
    }

    private static void refuseRemovingLastAdmin(Connection connection, Trust trust) {
        if (AccountRepository.countAdmins(connection, trust.id()) <= 1) {
            throw new Problem(
                    AuthProblem.LAST_ADMIN,
                    "Trust " + trust.code() + " would have no admin left; make someone else admin first.",
                    Map.of());
        }
    }
}
