package org.tierra.stewardship;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A due date of an obligation shown as met, as the trust's staff records it
 * ({@link Obligations#createFulfilment}); the service checks that the obligation is due on
 * {@code dueOn} and that the event and document are of its trust.
 *
 * @param fulfilledOn never in the future: a record of what happened
 */
public record NewFulfilment(
        LocalDate dueOn,
        LocalDate fulfilledOn,
        Optional<Long> eventId,
        Optional<Long> documentId,
        Optional<String> notes) {}
