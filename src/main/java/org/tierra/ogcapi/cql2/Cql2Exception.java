package org.tierra.ogcapi.cql2;

/**
 * A filter that cannot be read or cannot be run, with where the fault lies: a character position in
 * CQL2 text (1 is the first character) or a JSON Pointer into CQL2 JSON.
 */
public final class Cql2Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Expression.Origin origin;

    public Cql2Exception(String message, Expression.Origin origin) {
        super(message + origin.describe());
        this.origin = origin;
    }

    /** The character position in CQL2 text, counted from 1; -1 for CQL2 JSON. */
    public int position() {
        return origin.position();
    }

    /** The JSON Pointer to the offending part of CQL2 JSON; empty for CQL2 text. */
    public String path() {
        return origin.path();
    }
}
