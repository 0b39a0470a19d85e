package org.tierra.exports;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tierra.core.Problem;

/**
 * The one byte range of a file a request asks for ({@code Range: bytes=first-last}, RFC 9110 §14), as
 * GDAL's {@code /vsicurl/} asks for the parts of a GeoPackage it reads. Anything else (no Range, a
 * unit other than bytes, several ranges, a syntax error, an {@code If-Range} for an older file) is
 * answered with the whole file, as RFC 9110 allows.
 */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** {@code bytes 0-1023/90112}, for Content-Range. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range the request asks for in a file of {@code size} bytes whose entity tag is {@code etag};
     * empty for the whole file.
     *
     * @throws Problem 416 when the range starts past the end of the file
     */
    static Optional<ByteRange> requested(Context ctx, long size, String etag) {
        String header = ctx.header("Range");
        String ifRange = ctx.header("If-Range");
        if (header == null || (ifRange != null && !ifRange.equals(etag))) {
            return Optional.empty();
        }
        Matcher range = SINGLE.matcher(header.strip().toLowerCase(Locale.ROOT).replace(" ", ""));
        if (!range.matches() || (range.group(1).isEmpty() && range.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (range.group(1).isEmpty()) { // the last n bytes
                long suffix = Long.parseLong(range.group(2));
                if (suffix == 0) {
                    throw unsatisfiable(ctx, size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(range.group(1));
            long last = range.group(2).isEmpty() ? size - 1 : Long.parseLong(range.group(2));
            if (first >= size) {
                throw unsatisfiable(ctx, size);
            }
            if (last < first) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    private static Problem unsatisfiable(Context ctx, long size) {
        ctx.header("Content-Range", "bytes */" + size);
        return new Problem(
                ExportProblem.RANGE_NOT_SATISFIABLE,
                "The file has " + size + " bytes; ask for a range that starts before its end.",
                Map.of("sizeBytes", size));
    }
}
