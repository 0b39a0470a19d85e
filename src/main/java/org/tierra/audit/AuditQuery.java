package org.tierra.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit entries a caller asks for; each filter applies when present.
 *
 * @param trust a trust's code
 * @param since the first instant included
 * @param until the first instant no longer included
 * @param afterId entries after this one (the last one of the page before); 0 for the first page
 * @param limit at most this many entries
 */
public record AuditQuery(
        Optional<String> trust,
        Optional<String> entity,
        Optional<String> entityId,
        Optional<String> action,
        Optional<String> actor,
        Optional<Instant> since,
        Optional<Instant> until,
        long afterId,
        int limit) {}
