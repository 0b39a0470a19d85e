package org.tierra.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only, hash-chained audit log (table {@code audit_entry}).
 *
 * <p>{@link #record} must run on the connection of the change it records, inside its transaction: the
 * entry commits or rolls back with the change. The database numbers each entry and chains it to the
 * previous one by SHA-256 (migration V2), and refuses to update, delete or truncate entries.
 */
public final class AuditLog {

    private final JsonMapper json;

    public AuditLog(JsonMapper json) {
        this.json = json;
    }

    /**
     * An entry as listed.
     *
     * @param trust the trust's code; empty for server-wide records
     * @param details the facts the write recorded, as JSON
     * @param hash the entry's SHA-256, hex, chaining it to the one before
     */
    public record Entry(
            long id,
            Instant occurredAt,
            String actor,
            Optional<String> trust,
            String entity,
            String entityId,
            String action,
            Optional<String> reason,
            Optional<String> requestId,
            Object details,
            String hash) {}

    /**
     * Which entries to list: those {@code query} asks for, of the trusts the caller may see.
     *
     * @param visibleTrustIds empty for every trust
     * @param trustId the trust {@code query} names, if it names one
     */
    record Filter(Optional<List<Long>> visibleTrustIds, Optional<Long> trustId, AuditQuery query) {}

    /**
     * What {@link #verify} found.
     *
     * @param brokenAt the first entry that breaks the chain; left out of the JSON when it holds
     * @param problem what is wrong with that entry; left out of the JSON when the chain holds
     */
    public record Verification(
            boolean valid,
            long entries,
            String headHash,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Long> brokenAt,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> problem) {}

    /** Appends {@code event}, made by {@code change}, in the caller's transaction; returns the entry's number. */
    public long record(Connection connection, Change change, AuditEvent event) {
        return Sql.on(connection, """
                        INSERT INTO audit_entry
                            (actor_user_id, actor, trust_id, entity, entity_id, action, reason, request_id, details)
                        VALUES (:actorUserId, :actor, :trust, :entity, :entityId, :action, :reason, :requestId,
                                CAST(:details AS jsonb))
                        RETURNING id
                        """)
                .bind("actorUserId", change.actorUserId())
                .bind("actor", change.actor())
                .bind("trust", event.trustId())
                .bind("entity", event.entity())
                .bind("entityId", event.entityId())
                .bind("action", event.action())
                .bind("reason", change.reason())
                .bind("requestId", change.requestId())
                .bind("details", json.writeValueAsString(event.details()))
                .get(row -> row.getLong("id"));
    }

    /**
     * Entries matching {@code filter}, oldest first, at most {@code filter.query().limit()}. Each filter given adds
     * its own condition, so that the planner sees it and uses the trust's or the entity's index.
     */
    List<Entry> list(Database database, Filter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.id, e.occurred_at, e.actor, t.code AS trust, e.entity, e.entity_id, e.action, e.reason,
                       e.request_id, e.details::text AS details, encode(e.hash, 'hex') AS hash
                FROM audit_entry e
                LEFT JOIN trust t ON t.id = e.trust_id
                WHERE e.id > :after
                """);
        Map<String, Object> values = new LinkedHashMap<>();
        AuditQuery query = filter.query();
        values.put("after", query.afterId());
        where(sql, values, "e.trust_id = ANY (:visible)", "visible", filter.visibleTrustIds());
        where(sql, values, "e.trust_id = :trust", "trust", filter.trustId());
        where(sql, values, "e.entity = :entity", "entity", query.entity());
        where(sql, values, "e.entity_id = :entityId", "entityId", query.entityId());
        where(sql, values, "e.action = :action", "action", query.action());
        where(sql, values, "e.actor = :actor", "actor", query.actor());
        where(sql, values, "e.occurred_at >= :since", "since", query.since());
        where(sql, values, "e.occurred_at < :until", "until", query.until());
        sql.append("ORDER BY e.id LIMIT :limit");
        values.put("limit", query.limit());
        return database.withConnection(connection -> {
            Sql statement = Sql.on(connection, sql.toString());
            values.forEach(statement::bind);
            return statement.list(this::entryFrom);
        });
    }

    /** Appends {@code condition} (a fixed fragment naming {@code :name}) and binds {@code value}, when there is one. */
    private static void where(
            StringBuilder sql, Map<String, Object> values, String condition, String name, Optional<?> value) {
        value.ifPresent(given -> {
            sql.append("AND ").append(condition).append('\n');
            values.put(name, given);
        });
    }

    /**
     * Every entry, in order, with whether its hash matches its content, whether it links to the one
     * before, and whether the numbering has a gap. The first entry failing any of them breaks the chain.
     */
    private static final String VERIFY = """
            SELECT id,
                   hash = sha256(audit_entry_content(e)) AS content_matches,
                   previous_hash = coalesce(lag(hash) OVER (ORDER BY id), '\\x'::bytea) AS links_to_previous,
                   id = row_number() OVER (ORDER BY id) AS numbered_in_order,
                   encode(hash, 'hex') AS hash
            FROM audit_entry e
            ORDER BY id
            """;

    /** Recomputes the whole chain. */
    public Verification verify(Database database) {
        // In a transaction so that rows stream from a cursor: the log may be long.
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(VERIFY)) {
                statement.setFetchSize(1_000);
                long entries = 0;
                String head = "";
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries++;
                        head = rows.getString("hash");
                        Optional<String> problem = problemOf(rows);
                        if (problem.isPresent()) {
                            return new Verification(false, entries, head, Optional.of(rows.getLong("id")), problem);
                        }
                    }
                }
                return new Verification(true, entries, head, Optional.empty(), Optional.empty());
            } catch (SQLException e) {
                throw new DatabaseException(VERIFY, e);
            }
        });
    }

    private static Optional<String> problemOf(ResultSet row) throws SQLException {
        if (!row.getBoolean("numbered_in_order")) {
            return Optional.of("entries are missing before this one: the numbering has a gap");
        }
        if (!row.getBoolean("links_to_previous")) {
            return Optional.of("this entry does not link to the entry before it: an entry was removed or replaced");
        }
        if (!row.getBoolean("content_matches")) {
            return Optional.of("this entry's content no longer matches its hash: it was altered");
        }
        return Optional.empty();
    }

    private Entry entryFrom(Row row) throws SQLException {
        return new Entry(
                row.getLong("id"),
                row.getInstant("occurred_at"),
                row.getString("actor"),
                row.findString("trust"),
                row.getString("entity"),
                row.getString("entity_id"),
                row.getString("action"),
                row.findString("reason"),
                row.findString("request_id"),
                json.readValue(row.getString("details"), Map.class),
                row.getString("hash"));
    }
}
