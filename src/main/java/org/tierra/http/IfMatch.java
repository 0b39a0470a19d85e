package org.tierra.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;

/**
 * Reads {@code If-Match}: one or more ETags as Tierra sends them ({@code "12-3"}, see
 * {@link org.tierra.core.VersionTag}), comma-separated, for a write that changes several records (a
 * merge). Weak tags are taken as strong ones; the older {@code "party-12-3"} form of a party's tag is
 * still understood, for clients that kept one.
 */
public final class IfMatch {

    private static final Pattern TAG = Pattern.compile("(?:W/)?\"(?:party-)?(\\d{1,18})-(\\d{1,9})\"");
    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]*");

    private IfMatch() {}

    /**
     * The versions the client read; {@linkplain ExpectedVersions#none() none} when it sent no If-Match.
     *
     * @throws org.tierra.core.Problem 400 naming {@code If-Match} when the header holds anything else
     */
    public static ExpectedVersions read(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            return ExpectedVersions.none();
        }
        Map<Long, Integer> versions = new LinkedHashMap<>();
        Matcher matcher = TAG.matcher(header);
        int end = 0;
        while (matcher.find()
                && SEPARATOR.matcher(header.substring(end, matcher.start())).matches()) {
            versions.put(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            end = matcher.end();
        }
        if (versions.isEmpty() || !SEPARATOR.matcher(header.substring(end)).matches()) {
            throw Problem.invalidParameter(
                    "If-Match", "If-Match holds ETags as the server sent them, e.g. \"12-3\"; got '" + header + "'.");
        }
        return new ExpectedVersions(versions);
    }
}
