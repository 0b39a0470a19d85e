package org.tierra.stewardship;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One due date of an obligation shown as met (append-only), as recorded and as the API lists it under
 * its obligation; empty members are written as {@code null}.
 *
 * @param eventId the stewardship event that shows it, if any
 * @param documentId the document that shows it, if any
 */
public record Fulfilment(
        @JsonIgnore long obligationId,
        LocalDate dueOn,
        LocalDate fulfilledOn,
        @JsonProperty("event") Optional<Long> eventId,
        @JsonProperty("document") Optional<Long> documentId,
        Optional<String> notes,
        @JsonIgnore Instant createdAt,
        @JsonProperty("recordedBy") String createdByName) {}
