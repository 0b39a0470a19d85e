package org.tierra.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Role;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/**
 * Users, their password hashes and their roles per trust. Every method works on the caller's
 * connection, so it joins the caller's transaction.
 */
public final class AccountRepository {

    private AccountRepository() {}

    /** A user with the stored password hash, for sign-in only. */
    public record Credentials(User user, String passwordHash) {}

    /** A membership as listed for a trust's admins and board. */
    public record Member(String username, String displayName, Role role) {}

    /** A membership as the user sees it: which trust, and the role there. */
    public record Membership(long trustId, String trust, String trustName, Role role) {}

    public static User createUser(
            Connection connection, String username, String displayName, String passwordHash, boolean operator) {
        long id = Sql.on(connection, """
                        INSERT INTO app_user (username, display_name, password_hash, is_operator)
                        VALUES (:username, :displayName, :passwordHash, :operator)
                        RETURNING id
                        """)
                .bind("username", username)
                .bind("displayName", displayName)
                .bind("passwordHash", passwordHash)
                .bind("operator", operator)
                .get(row -> row.getLong("id"));
        return new User(id, username, displayName, operator, false);
    }

    public static Optional<Credentials> findCredentials(Connection connection, String username) {
        return Sql.on(connection, """
                        SELECT id, username, display_name, is_operator, disabled_at IS NOT NULL AS disabled,
                               password_hash
                        FROM app_user
                        WHERE username = :username
                        """)
                .bind("username", username)
                .find(row -> new Credentials(userFrom(row), row.getString("password_hash")));
    }

    public static Optional<User> findUser(Connection connection, String username) {
        return findCredentials(connection, username).map(Credentials::user);
    }

    public static Optional<User> findUser(Connection connection, long id) {
        return Sql.on(connection, """
                        SELECT id, username, display_name, is_operator, disabled_at IS NOT NULL AS disabled
                        FROM app_user
                        WHERE id = :id
                        """).bind("id", id).find(AccountRepository::userFrom);
    }

    public static void updatePassword(Connection connection, long userId, String passwordHash) {
        Sql.on(connection, "UPDATE app_user SET password_hash = :hash, password_changed_at = now() WHERE id = :id")
                .bind("hash", passwordHash)
                .bind("id", userId)
                .update();
    }

    /** The user's role per trust id. */
    public static Map<Long, Role> listRoles(Connection connection, long userId) {
        Map<Long, Role> roles = new LinkedHashMap<>();
        Sql.on(connection, "SELECT trust_id, role FROM membership WHERE user_id = :user")
                .bind("user", userId)
                .list(row -> Map.entry(row.getLong("trust_id"), roleFrom(row)))
                .forEach(entry -> roles.put(entry.getKey(), entry.getValue()));
        return roles;
    }

    /** The user's memberships, by trust code. */
    public static List<Membership> listMemberships(Connection connection, long userId) {
        return Sql.on(connection, """
                        SELECT t.id, t.code, t.name, m.role
                        FROM membership m
                        JOIN trust t ON t.id = m.trust_id
                        WHERE m.user_id = :user
                        ORDER BY t.code
                        """)
                .bind("user", userId)
                .list(row ->
                        new Membership(row.getLong("id"), row.getString("code"), row.getString("name"), roleFrom(row)));
    }

    public static long countAdmins(Connection connection, long trustId) {
        return Sql.on(
                        connection,
                        "SELECT count(*) AS admins FROM membership WHERE trust_id = :trust AND role = 'admin'")
                .bind("trust", trustId)
                .get(row -> row.getLong("admins"));
    }

    /** Gives the user {@code role} in the trust, replacing any role held there; true when it is new. */
    public static boolean setRole(Connection connection, long userId, long trustId, Role role) {
        return Sql.on(connection, """
                        INSERT INTO membership (user_id, trust_id, role)
                        VALUES (:user, :trust, :role)
                        ON CONFLICT (user_id, trust_id) DO UPDATE SET role = excluded.role
                        RETURNING (xmax = 0) AS created
                        """)
                .bind("user", userId)
                .bind("trust", trustId)
                .bind("role", role.code())
                .get(row -> row.getBoolean("created"));
    }

    /** Removes the user's role in the trust; false when there was none. */
    public static boolean removeRole(Connection connection, long userId, long trustId) {
        return Sql.on(connection, "DELETE FROM membership WHERE user_id = :user AND trust_id = :trust")
                        .bind("user", userId)
                        .bind("trust", trustId)
                        .update()
                > 0;
    }

    /** The trust's members, by username. */
    public static List<Member> listMembers(Connection connection, long trustId) {
        return Sql.on(connection, """
                        SELECT u.username, u.display_name, m.role
                        FROM membership m
                        JOIN app_user u ON u.id = m.user_id
                        WHERE m.trust_id = :trust
                        ORDER BY u.username
                        """)
                .bind("trust", trustId)
                .list(row -> new Member(row.getString("username"), row.getString("display_name"), roleFrom(row)));
    }

    private static User userFrom(Row row) throws SQLException {
        return new User(
                row.getLong("id"),
                row.getString("username"),
                row.getString("display_name"),
                row.getBoolean("is_operator"),
                row.getBoolean("disabled"));
    }

    private static Role roleFrom(Row row) throws SQLException {
        return Role.fromCode(row.getString("role")).orElseThrow();
    }
}
