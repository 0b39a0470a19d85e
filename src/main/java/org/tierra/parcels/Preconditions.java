package org.tierra.parcels;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;

/**
 * Optimistic concurrency for parcel writes: the client says which version it read with
 * {@code If-Match: "<id>-<version>"} (one ETag per parcel written), and a write against a version that
 * has moved on is refused with 412 rather than silently overwriting someone else's change.
 */
final class Preconditions {

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"(\\d+)-(\\d+)\"");

    private Preconditions() {}

    /** The versions the client expects, by parcel id. */
    static Map<Long, Integer> expectedVersions(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new Problem(
                    CommonProblem.PRECONDITION_REQUIRED,
                    "Send If-Match with the ETag of the version you read (GET the parcel: its ETag header),"
                            + " so that your change cannot overwrite one you have not seen.",
                    Map.of());
        }
        Map<Long, Integer> versions = new LinkedHashMap<>();
        Matcher matcher = ETAG.matcher(header);
        int end = 0;
        while (matcher.find()) {
            if (!header.substring(end, matcher.start()).matches("[\\s,]*")) {
                break;
            }
            versions.put(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            end = matcher.end();
        }
        if (versions.isEmpty() || !header.substring(end).isBlank()) {
            throw Problem.invalidParameter(
                    "If-Match",
                    "If-Match holds ETags as the server sent them, e.g. \"12-3\";" + " got '" + header + "'.");
        }
        return versions;
    }

    /** Refuses the write when {@code current} is not at the version the client read. */
    static void requireCurrent(Map<Long, Integer> expected, ParcelStore.ParcelRow current) {
        Integer version = expected.get(current.id());
        if (version == null) {
            throw new Problem(
                    CommonProblem.PRECONDITION_REQUIRED,
                    "If-Match has no ETag for parcel " + current.id() + " (" + current.code() + ").",
                    Map.of("parcel", current.id()));
        }
        if (version != current.version()) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "Parcel " + current.code() + " changed since you read it (you have version " + version
                            + ", it is at version " + current.version() + "); reload it and apply your change again.",
                    Map.of("parcel", current.id(), "currentETag", current.etag()));
        }
    }
}
