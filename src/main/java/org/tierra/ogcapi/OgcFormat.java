package org.tierra.ogcapi;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.http.QueryParameters;

/** JSON or HTML: {@code f=json|html} decides; without it, a browser's Accept header asks for HTML. */
final class OgcFormat {

    private OgcFormat() {}

    /**
     * Whether to answer in HTML.
     *
     * @param otherParameters the route's other query parameters; empty when the route has none but f
     */
    static boolean html(Context ctx, Set<String> otherParameters) {
        if (otherParameters.isEmpty()) {
            QueryParameters.of(ctx, Set.of("f"));
        }
        String format = ctx.queryParam("f");
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "json", "geojson" -> false;
                case "html" -> true;
                default -> throw Problem.invalidParameter("f", "'f' is json or html; got '" + format + "'.");
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html") && !accept.contains("json");
    }
}
