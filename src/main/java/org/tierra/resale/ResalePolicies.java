package org.tierra.resale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.db.DatabaseException;
import org.tierra.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resale policies and their versions as stored in {@code resale_policy} and {@code resale_policy_version}.
 * A version is never changed once written (the table refuses it); a lease keeps the version it signed.
 */
public final class ResalePolicies {

    /**
     * Reads stored terms, which are plain JSON objects written by this class; a mapper of its own keeps
     * {@link ResaleCalculator#quoteForLease} callable with nothing but a connection.
     */
    private static final JsonMapper TERMS = Json.newMapper();

    private ResalePolicies() {}

    /** A policy with every version, oldest first. */
    public record Policy(long id, long trustId, String code, String name, Instant createdAt, List<Version> versions) {
        public Policy {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
            versions = List.copyOf(versions);
        }
    }

    /** One immutable version of a policy: its family and terms, who wrote it and why. */
    public record Version(
            long policyId,
            int version,
            String family,
            JsonNode terms,
            Instant createdAt,
            String createdBy,
            String reason) {
        public Version {
            if (version < 1) {
                throw new IllegalArgumentException("versions start at 1");
            }
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(terms, "terms");
        }

        /** The terms, read for the formula. */
        public ResaleTerms parsedTerms() {
            return ResaleTerms.parse(family, terms);
        }
    }

    private static final String CREATE_POLICY = """
            INSERT INTO resale_policy (trust_id, code, name) VALUES (?, ?, ?) RETURNING id
            """;

    /** Inserts a policy without versions (the caller adds version 1 in the same transaction). */
    public static long createPolicy(Connection connection, long trustId, String code, String name) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE_POLICY)) {
            statement.setLong(1, trustId);
            statement.setString(2, code);
            statement.setString(3, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CREATE_POLICY, e);
        }
    }

    private static final String LOCK_POLICY = "SELECT 1 FROM resale_policy WHERE id = ? FOR UPDATE";
    private static final String CREATE_VERSION = """
            INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by, created_by_name, reason)
            SELECT ?, coalesce(max(version), 0) + 1, ?, ?::jsonb, ?, ?, ?
            FROM resale_policy_version WHERE policy_id = ?
            RETURNING version
            """;

    /**
     * Appends the next version of policy {@code policyId}, locking the policy so that two writers number
     * their versions one after the other.
     *
     * @return the new version's number
     */
    public static int createVersion(
            Connection connection,
            long policyId,
            ResaleTerms terms,
            JsonNode termsJson,
            Principal author,
            String reason) {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_POLICY)) {
            lock.setLong(1, policyId);
            lock.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(LOCK_POLICY, e);
        }
        try (PreparedStatement statement = connection.prepareStatement(CREATE_VERSION)) {
            statement.setLong(1, policyId);
            statement.setString(2, terms.family());
            statement.setString(3, TERMS.writeValueAsString(termsJson));
            statement.setLong(4, author.userId());
            statement.setString(5, author.username());
            statement.setString(6, reason);
            statement.setLong(7, policyId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CREATE_VERSION, e);
        }
    }

    private static final String FIND_POLICY = """
            SELECT id, trust_id, code, name, created_at FROM resale_policy WHERE id = ?
            """;

    public static Optional<Policy> findPolicy(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_POLICY)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(policy(connection, row));
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_POLICY, e);
        }
    }

    private static final String LIST_POLICIES = """
            SELECT id, trust_id, code, name, created_at FROM resale_policy WHERE trust_id = ? ORDER BY code
            """;

    /** The policies of trust {@code trustId}, by code, each with its versions. */
    public static List<Policy> listPolicies(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_POLICIES)) {
            statement.setLong(1, trustId);
            List<Policy> policies = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    policies.add(policy(connection, row));
                }
            }
            return policies;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_POLICIES, e);
        }
    }

    private static final String POLICY_CODE_TAKEN = "SELECT 1 FROM resale_policy WHERE trust_id = ? AND code = ?";

    /** Whether trust {@code trustId} already has a policy with {@code code}. */
    public static boolean isCodeTaken(Connection connection, long trustId, String code) {
        try (PreparedStatement statement = connection.prepareStatement(POLICY_CODE_TAKEN)) {
            statement.setLong(1, trustId);
            statement.setString(2, code);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new DatabaseException(POLICY_CODE_TAKEN, e);
        }
    }

    private static final String LIST_VERSIONS = """
            SELECT policy_id, version, family, terms::text AS terms, created_at, created_by_name, reason
            FROM resale_policy_version WHERE policy_id = ? ORDER BY version
            """;

    private static final String FIND_VERSION = """
            SELECT policy_id, version, family, terms::text AS terms, created_at, created_by_name, reason
            FROM resale_policy_version WHERE policy_id = ? AND version = ?
            """;

    public static Optional<Version> findVersion(Connection connection, long policyId, int version) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_VERSION)) {
            statement.setLong(1, policyId);
            statement.setInt(2, version);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(version(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_VERSION, e);
        }
    }

    private static Policy policy(Connection connection, ResultSet row) throws SQLException {
        long id = row.getLong("id");
        List<Version> versions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST_VERSIONS)) {
            statement.setLong(1, id);
            try (ResultSet versionRow = statement.executeQuery()) {
                while (versionRow.next()) {
                    versions.add(version(versionRow));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(LIST_VERSIONS, e);
        }
        return new Policy(
                id,
                row.getLong("trust_id"),
                row.getString("code"),
                row.getString("name"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                versions);
    }

    private static Version version(ResultSet row) throws SQLException {
        return new Version(
                row.getLong("policy_id"),
                row.getInt("version"),
                row.getString("family"),
                TERMS.readTree(row.getString("terms")),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getString("created_by_name"),
                row.getString("reason"));
    }
}
