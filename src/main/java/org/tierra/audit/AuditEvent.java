package org.tierra.audit;

import java.util.Map;
import java.util.Optional;

/**
 * What one write did, as the audit log records it beside who did it and why (the {@link
 * org.tierra.access.Change}): in which trust, to which record, what.
 *
 * @param trustId the trust the record belongs to; empty for server-wide records (accounts, trusts)
 * @param entity what kind of record, e.g. {@code lease}
 * @param action what was done, e.g. {@code activate}
 * @param details non-personal facts that help read the entry later (e.g. the role granted)
 */
public record AuditEvent(
        Optional<Long> trustId, String entity, String entityId, String action, Map<String, Object> details) {

    public AuditEvent {
        details = Map.copyOf(details);
        if (entity.isBlank() || entityId.isBlank() || action.isBlank()) {
            throw new IllegalArgumentException("an audit event names its entity, entity id and action");
        }
    }

    /** A write to record {@code entityId} of trust {@code trustId}. */
    public static AuditEvent of(
            long trustId, String entity, long entityId, String action, Map<String, Object> details) {
        return new AuditEvent(Optional.of(trustId), entity, Long.toString(entityId), action, details);
    }
}
