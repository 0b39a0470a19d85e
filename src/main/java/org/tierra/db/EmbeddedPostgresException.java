package org.tierra.db;

import java.io.Serial;

/** The embedded cluster could not be set up, started or stopped; the message says why and what to do. */
public final class EmbeddedPostgresException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
