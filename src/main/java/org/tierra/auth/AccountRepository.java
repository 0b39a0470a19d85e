package org.tierra.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Role;
import org.tierra.db.DatabaseException;

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

    private static final String INSERT_USER = """
            INSERT INTO app_user (username, display_name, password_hash, is_operator)
            VALUES (?, ?, ?, ?)
            RETURNING id
            """;

    public static User createUser(
            Connection connection, String username, String displayName, String passwordHash, boolean operator) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_USER)) {
            statement.setString(1, username);
            statement.setString(2, displayName);
            statement.setString(3, passwordHash);
            statement.setBoolean(4, operator);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new User(row.getLong(1), username, displayName, operator, false);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_USER, e);
        }
    }

    private static final String FIND_BY_USERNAME = """
            SELECT id, username, display_name, is_operator, disabled_at IS NOT NULL AS disabled, password_hash
            FROM app_user
            WHERE username = ?
            """;

    public static Optional<Credentials> findCredentials(Connection connection, String username) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_USERNAME)) {
            statement.setString(1, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Credentials(userFrom(row), row.getString("password_hash")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_BY_USERNAME, e);
        }
    }

    public static Optional<User> findUser(Connection connection, String username) {
        return findCredentials(connection, username).map(Credentials::user);
    }

    private static final String FIND_BY_ID = """
            SELECT id, username, display_name, is_operator, disabled_at IS NOT NULL AS disabled
            FROM app_user
            WHERE id = ?
            """;

    public static Optional<User> findUser(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_ID)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(userFrom(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_BY_ID, e);
        }
    }

    private static final String UPDATE_PASSWORD = """
            UPDATE app_user SET password_hash = ?, password_changed_at = now() WHERE id = ?
            """;

    public static void updatePassword(Connection connection, long userId, String passwordHash) {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_PASSWORD)) {
            statement.setString(1, passwordHash);
            statement.setLong(2, userId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(UPDATE_PASSWORD, e);
        }
    }

    private static final String ROLES = """
            SELECT trust_id, role FROM membership WHERE user_id = ?
            """;

    /** The user's role per trust id. */
    public static Map<Long, Role> listRoles(Connection connection, long userId) {
        Map<Long, Role> roles = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ROLES)) {
            statement.setLong(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    roles.put(
                            rows.getLong("trust_id"),
                            Role.fromCode(rows.getString("role")).orElseThrow());
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(ROLES, e);
        }
        return roles;
    }

    /** A membership as the user sees it: which trust, and the role there. */
    public record Membership(long trustId, String trust, String trustName, Role role) {}

    private static final String MEMBERSHIPS = """
            SELECT t.id, t.code, t.name, m.role
            FROM membership m
            JOIN trust t ON t.id = m.trust_id
            WHERE m.user_id = ?
            ORDER BY t.code
            """;

    public static List<Membership> listMemberships(Connection connection, long userId) {
        List<Membership> memberships = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(MEMBERSHIPS)) {
            statement.setLong(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    memberships.add(new Membership(
                            rows.getLong("id"),
                            rows.getString("code"),
                            rows.getString("name"),
                            Role.fromCode(rows.getString("role")).orElseThrow()));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(MEMBERSHIPS, e);
        }
        return memberships;
    }

    private static final String COUNT_ADMINS = "SELECT count(*) FROM membership WHERE trust_id = ? AND role = 'admin'";

    public static long countAdmins(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(COUNT_ADMINS)) {
            statement.setLong(1, trustId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(COUNT_ADMINS, e);
        }
    }

    private static final String UPSERT_MEMBERSHIP = """
            INSERT INTO membership (user_id, trust_id, role)
            VALUES (?, ?, ?)
            ON CONFLICT (user_id, trust_id) DO UPDATE SET role = excluded.role
            RETURNING (xmax = 0) AS created
            """;

    /** Gives the user {@code role} in the trust, replacing any role held there; true when it is new. */
    public static boolean setRole(Connection connection, long userId, long trustId, Role role) {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_MEMBERSHIP)) {
            statement.setLong(1, userId);
            statement.setLong(2, trustId);
            statement.setString(3, role.code());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean("created");
            }
        } catch (SQLException e) {
            throw new DatabaseException(UPSERT_MEMBERSHIP, e);
        }
    }

    private static final String DELETE_MEMBERSHIP = """
            DELETE FROM membership WHERE user_id = ? AND trust_id = ?
            """;

    /** Removes the user's role in the trust; false when there was none. */
    public static boolean removeRole(Connection connection, long userId, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_MEMBERSHIP)) {
            statement.setLong(1, userId);
            statement.setLong(2, trustId);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException(DELETE_MEMBERSHIP, e);
        }
    }

    private static final String MEMBERS = """
            SELECT u.username, u.display_name, m.role
            FROM membership m
            JOIN app_user u ON u.id = m.user_id
            WHERE m.trust_id = ?
            ORDER BY u.username
            """;

    public static List<Member> listMembers(Connection connection, long trustId) {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(MEMBERS)) {
            statement.setLong(1, trustId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    members.add(new Member(
                            rows.getString("username"),
                            rows.getString("display_name"),
                            Role.fromCode(rows.getString("role")).orElseThrow()));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(MEMBERS, e);
        }
        return members;
    }

    private static final String COUNT_OPERATORS = "SELECT count(*) FROM app_user WHERE is_operator";

    public static long countOperators(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(COUNT_OPERATORS);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException(COUNT_OPERATORS, e);
        }
    }

    private static User userFrom(ResultSet row) throws SQLException {
        return new User(
                row.getLong("id"),
                row.getString("username"),
                row.getString("display_name"),
                row.getBoolean("is_operator"),
                row.getBoolean("disabled"));
    }
}
