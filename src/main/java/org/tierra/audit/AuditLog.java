package org.tierra.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
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

    /** An entry as listed. */
    public record Entry(
            long id,
            Instant occurredAt,
            String actor,
            String trust,
            String entity,
            String entityId,
            String action,
            String reason,
            String requestId,
            Object details,
            String hash) {}

    /** Which entries to list: each filter applies when present; trust ids limit what the caller may see. */
    public record Filter(
            Optional<List<Long>> visibleTrustIds,
            Optional<Long> trustId,
            Optional<String> entity,
            Optional<String> entityId,
            Optional<String> action,
            Optional<String> actor,
            Optional<Instant> since,
            Optional<Instant> until,
            long afterId,
            int limit) {}

    /** What {@link #verify} found. {@code brokenAt} and {@code problem} are set when the chain is broken. */
    public record Verification(
            boolean valid, long entries, String headHash, Optional<Long> brokenAt, Optional<String> problem) {}

    private static final String INSERT = """
            INSERT INTO audit_entry
                (actor_user_id, actor, trust_id, entity, entity_id, action, reason, request_id, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            RETURNING id
            """;

    /** Appends {@code event}, made by {@code change}, in the caller's transaction; returns the entry's number. */
    public long record(Connection connection, Change change, AuditEvent event) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            setOptionalLong(statement, 1, change.actorUserId());
            statement.setString(2, change.actor());
            setOptionalLong(statement, 3, event.trustId());
            statement.setString(4, event.entity());
            statement.setString(5, event.entityId());
            statement.setString(6, event.action());
            statement.setString(7, change.reason().orElse(null));
            statement.setString(8, change.requestId().orElse(null));
            statement.setString(9, json.writeValueAsString(event.details()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT, e);
        }
    }

    // Filters are fixed fragments appended in a fixed order; every value is bound.
    private static final String SELECT = """
            SELECT e.id, e.occurred_at, e.actor, t.code AS trust, e.entity, e.entity_id, e.action, e.reason,
                   e.request_id, e.details::text AS details, encode(e.hash, 'hex') AS hash
            FROM audit_entry e
            LEFT JOIN trust t ON t.id = e.trust_id
            WHERE e.id > ?
            """;

    /** Entries matching {@code filter}, oldest first, at most {@code filter.limit()}. */
    public List<Entry> list(Database database, Filter filter) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> parameters = new ArrayList<>(List.of(filter.afterId()));
        filter.visibleTrustIds().ifPresent(ids -> {
            sql.append("AND e.trust_id = ANY (?)\n");
            parameters.add(ids.toArray(Long[]::new));
        });
        filter.trustId().ifPresent(id -> {
            sql.append("AND e.trust_id = ?\n");
            parameters.add(id);
        });
        filter.entity().ifPresent(entity -> {
            sql.append("AND e.entity = ?\n");
            parameters.add(entity);
        });
        filter.entityId().ifPresent(entityId -> {
            sql.append("AND e.entity_id = ?\n");
            parameters.add(entityId);
        });
        filter.action().ifPresent(action -> {
            sql.append("AND e.action = ?\n");
            parameters.add(action);
        });
        filter.actor().ifPresent(actor -> {
            sql.append("AND e.actor = ?\n");
            parameters.add(actor);
        });
        filter.since().ifPresent(since -> {
            sql.append("AND e.occurred_at >= ?\n");
            parameters.add(Timestamp.from(since));
        });
        filter.until().ifPresent(until -> {
            sql.append("AND e.occurred_at < ?\n");
            parameters.add(Timestamp.from(until));
        });
        sql.append("ORDER BY e.id LIMIT ?");
        parameters.add(filter.limit());
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object parameter = parameters.get(i);
                    if (parameter instanceof Long[] ids) {
                        statement.setArray(i + 1, connection.createArrayOf("bigint", ids));
                    } else {
                        statement.setObject(i + 1, parameter);
                    }
                }
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entryFrom(rows));
                    }
                }
                return entries;
            } catch (SQLException e) {
                throw new DatabaseException(sql.toString(), e);
            }
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

    private Entry entryFrom(ResultSet row) throws SQLException {
        return new Entry(
                row.getLong("id"),
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("actor"),
                row.getString("trust"),
                row.getString("entity"),
                row.getString("entity_id"),
                row.getString("action"),
                row.getString("reason"),
                row.getString("request_id"),
                json.readValue(row.getString("details"), Map.class),
                row.getString("hash"));
    }

    private static void setOptionalLong(PreparedStatement statement, int index, Optional<Long> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }
}
