package org.tierra.audit;

import java.util.Map;
import java.util.Optional;
import org.tierra.access.Principal;

/**
 * One write, as the audit log records it: who (a user, or {@code system} for start-up work), in which
 * trust, to which entity, what, why, and under which request id.
 *
 * @param details non-personal facts that help read the entry later (e.g. the role granted)
 */
public record AuditEvent(
        Optional<Long> actorUserId,
        String actor,
        Optional<Long> trustId,
        String entity,
        String entityId,
        String action,
        Optional<String> reason,
        Optional<String> requestId,
        Map<String, Object> details) {

    public AuditEvent {
        details = Map.copyOf(details);
        if (entity.isBlank() || entityId.isBlank() || action.isBlank()) {
            throw new IllegalArgumentException("an audit event names its entity, entity id and action");
        }
    }

    /** A write by a signed-in user during request {@code requestId}. */
    public static AuditEvent by(
            Principal principal,
            Optional<Long> trustId,
            String entity,
            String entityId,
            String action,
            Optional<String> reason,
            String requestId,
            Map<String, Object> details) {
        return new AuditEvent(
                Optional.of(principal.userId()),
                principal.username(),
                trustId,
                entity,
                entityId,
                action,
                reason,
                Optional.of(requestId).filter(id -> !id.isEmpty()),
                details);
    }

    /** A write Tierra makes itself, such as loading the demo registry. */
    public static AuditEvent bySystem(
            Optional<Long> trustId,
            String entity,
            String entityId,
            String action,
            String reason,
            Map<String, Object> details) {
        return new AuditEvent(
                Optional.empty(),
                "system",
                trustId,
                entity,
                entityId,
                action,
                Optional.of(reason),
                Optional.empty(),
                details);
    }
}
