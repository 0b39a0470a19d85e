package org.tierra.config;

import java.io.Serial;

/** A setting is missing, malformed or contradicts another; the message says which and how to fix it. */
public final class ConfigException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
