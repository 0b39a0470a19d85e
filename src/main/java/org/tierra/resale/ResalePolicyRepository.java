package org.tierra.resale;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resale policies and their versions as stored in {@code resale_policy} and {@code resale_policy_version};
 * the table refuses to change a version once written. Every method works on the caller's connection.
 */
final class ResalePolicyRepository {

    /**
     * Reads and writes stored terms, plain JSON objects; a mapper of its own keeps {@link
     * ResaleCalculator#quoteForLease} callable with nothing but a connection.
     */
    private static final JsonMapper TERMS = JsonMapper.builder().build();

    private ResalePolicyRepository() {}

    /** Inserts a policy without versions (the caller adds version 1 in the same transaction); returns its id. */
    static long createPolicy(Connection connection, long trustId, String code, String name) {
        return Sql.on(connection, """
                        INSERT INTO resale_policy (trust_id, code, name) VALUES (:trust, :code, :name) RETURNING id
                        """)
                .bind("trust", trustId)
                .bind("code", code)
                .bind("name", name)
                .get(row -> row.getLong("id"));
    }

    /**
     * Appends the next version of policy {@code policyId}, written by {@code change}, locking the policy so
     * that two writers number their versions one after the other.
     *
     * @param terms as the client gave them, already read as {@code parsed}
     * @return the new version's number
     */
    static int createVersion(Connection connection, long policyId, ResaleTerms parsed, JsonNode terms, Change change) {
        Sql.on(connection, "SELECT id FROM resale_policy WHERE id = :policy FOR UPDATE")
                .bind("policy", policyId)
                .list(row -> row.getLong("id"));
        return Sql.on(connection, """
                        INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by,
                                                           created_by_name, reason)
                        SELECT :policy, coalesce(max(version), 0) + 1, :family, CAST(:terms AS jsonb), :author,
                               :authorName, :reason
                        FROM resale_policy_version WHERE policy_id = :policy
                        RETURNING version
                        """)
                .bind("policy", policyId)
                .bind("family", parsed.family())
                .bind("terms", TERMS.writeValueAsString(terms))
                .bind("author", change.actorUserId())
                .bind("authorName", change.actor())
                .bind("reason", change.reason())
                .get(row -> row.getInt("version"));
    }

    static Optional<ResalePolicy> findPolicy(Connection connection, long id) {
        return Sql.on(connection, "SELECT id, trust_id, code, name, created_at FROM resale_policy WHERE id = :id")
                .bind("id", id)
                .find(row -> policyFrom(connection, row));
    }

    /** The policies of trust {@code trustId}, by code, each with its versions. */
    static List<ResalePolicy> listPolicies(Connection connection, long trustId) {
        return Sql.on(connection, """
                        SELECT id, trust_id, code, name, created_at FROM resale_policy WHERE trust_id = :trust
                        ORDER BY code
                        """).bind("trust", trustId).list(row -> policyFrom(connection, row));
    }

    /** Whether trust {@code trustId} already has a policy with {@code code}. */
    static boolean isCodeTaken(Connection connection, long trustId, String code) {
        return Sql.on(connection, "SELECT id FROM resale_policy WHERE trust_id = :trust AND code = :code")
                .bind("trust", trustId)
                .bind("code", code)
                .find(row -> row.getLong("id"))
                .isPresent();
    }

    static Optional<ResalePolicy.Version> findVersion(Connection connection, long policyId, int version) {
        return Sql.on(connection, """
                        SELECT policy_id, version, family, terms::text AS terms, created_at, created_by_name, reason
                        FROM resale_policy_version WHERE policy_id = :policy AND version = :version
                        """)
                .bind("policy", policyId)
                .bind("version", version)
                .find(ResalePolicyRepository::versionFrom);
    }

    private static ResalePolicy policyFrom(Connection connection, Row row) throws SQLException {
        long id = row.getLong("id");
        List<ResalePolicy.Version> versions =
                Sql.on(connection, """
                        SELECT policy_id, version, family, terms::text AS terms, created_at, created_by_name, reason
                        FROM resale_policy_version WHERE policy_id = :policy ORDER BY version
                        """).bind("policy", id).list(ResalePolicyRepository::versionFrom);
        return new ResalePolicy(
                id,
                row.getLong("trust_id"),
                row.getString("code"),
                row.getString("name"),
                row.getInstant("created_at"),
                versions);
    }

    private static ResalePolicy.Version versionFrom(Row row) throws SQLException {
        return new ResalePolicy.Version(
                row.getLong("policy_id"),
                row.getInt("version"),
                row.getString("family"),
                TERMS.readTree(row.getString("terms")),
                row.getInstant("created_at"),
                row.getString("created_by_name"),
                row.getString("reason"));
    }
}
