package org.tierra.core;

/**
 * One version of one record, as an HTTP entity tag: {@code "<id>-<version>"}, the same shape for
 * parcels, leases and parties. A client sends it back in {@code If-Match} to say which version its
 * change is based on.
 *
 * @param version raised by exactly one on every change of the record
 */
public record VersionTag(long id, int version) {

    public VersionTag {
        if (id <= 0 || version <= 0) {
            throw new IllegalArgumentException("a version tag names a record id and a version, both positive");
        }
    }

    /** The tag quoted as HTTP wants it, e.g. {@code "12-3"}. */
    public String etag() {
        return "\"" + id + "-" + version + "\"";
    }
}
