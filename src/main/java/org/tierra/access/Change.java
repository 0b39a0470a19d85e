package org.tierra.access;

import java.sql.Connection;
import java.util.Optional;
import org.tierra.db.Sql;

/**
 * One change to the registry: who makes it, why, and under which request. A service takes one
 * {@code Change} per call and writes both records of it from this one value: the version rows (through
 * {@link #mark}, read by the database's versioning triggers) and the audit entries
 * ({@code AuditLog.record(connection, change, event)}).
 *
 * @param actorUserId the signed-in user; empty for work Tierra does itself
 * @param actor the user's name, or {@code system}
 * @param reason why, in the user's words; required for every change that writes a version
 * @param requestId the HTTP request that asked for it, to find its log lines
 */
public record Change(Optional<Long> actorUserId, String actor, Optional<String> reason, Optional<String> requestId) {

    public Change {
        if (actor.isBlank() || reason.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("a change names who made it, and its reason is not blank");
        }
    }

    /** A change by a signed-in user, for {@code reason}, during request {@code requestId}. */
    public static Change by(Principal principal, String reason, String requestId) {
        return new Change(
                Optional.of(principal.userId()), principal.username(), Optional.of(reason), nonEmpty(requestId));
    }

    /** An action by a signed-in user that asks for no reason (signing out, issuing a token). */
    public static Change byWithoutReason(Principal principal, String requestId) {
        return new Change(Optional.of(principal.userId()), principal.username(), Optional.empty(), nonEmpty(requestId));
    }

    /** Work Tierra does itself, such as loading the demo registry. */
    public static Change bySystem(String reason) {
        return new Change(Optional.empty(), "system", Optional.of(reason), Optional.empty());
    }

    private static Optional<String> nonEmpty(String requestId) {
        return Optional.ofNullable(requestId).filter(id -> !id.isEmpty());
    }

    /**
     * Marks the rest of the caller's transaction with this change as {@code operation}: every version row
     * the database writes from now on records it (the triggers refuse a versioned write without it). Mark
     * again before a write that is another operation (a split's children are {@code create}s).
     *
     * @throws IllegalStateException when this change has no reason: versions always say why
     */
    public void mark(Connection connection, String operation) {
        String why = reason.orElseThrow(() -> new IllegalStateException("a versioned change needs a reason"));
        Sql.on(connection, """
                        SELECT set_config('tierra.actor_id', :actorId, true),
                               set_config('tierra.actor', :actor, true),
                               set_config('tierra.reason', :reason, true),
                               set_config('tierra.request_id', :requestId, true),
                               set_config('tierra.operation', :operation, true)
                        """)
                .bind("actorId", actorUserId.map(String::valueOf).orElse(""))
                .bind("actor", actor)
                .bind("reason", why)
                .bind("requestId", requestId.orElse(""))
                .bind("operation", operation)
                .execute();
    }
}
