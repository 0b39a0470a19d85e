package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.geo.BoundingBox;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/parcels} (a GeoJSON FeatureCollection, filtered and paged) and
 * {@code GET /api/v1/parcels/{id}} (one Feature).
 */
public final class ParcelRoutes implements RouteGroup {

    private static final String GEOJSON = ParcelRepository.ParcelFeature.MEDIA_TYPE;
    private static final Set<String> LIST_PARAMETERS = Set.of("bbox", "trust", "limit", "after", "asOf");

    private final ParcelReads reads;
    private final JsonMapper json;

    public ParcelRoutes(ParcelReads reads, JsonMapper json) {
        this.reads = reads;
        this.json = json;
    }

    /** A link of a page of parcels. */
    record Link(String rel, String type, String href) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/parcels", this::listParcels, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}", this::getParcel, Access.PUBLIC);
    }

    private void listParcels(Context ctx) {
        ParcelQuery query = parseQuery(ctx);
        reads.streamFeatures(query, cursor -> writeFeatureCollection(ctx, query, cursor));
    }

    /** Writes the page as it streams from the database: the features' bytes as PostGIS wrote them. */
    private void writeFeatureCollection(Context ctx, ParcelQuery query, ParcelRepository.FeatureCursor cursor)
            throws IOException {
        ctx.status(200);
        ctx.contentType(GEOJSON);
        try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
            out.write(ascii("{\"type\":\"FeatureCollection\",\"features\":["));
            int written = 0;
            long lastId = 0;
            boolean morePages = false;
            while (cursor.next()) {
                if (written == query.limit()) {
                    morePages = true;
                    break;
                }
                if (written > 0) {
                    out.write(',');
                }
                out.write(cursor.featureUtf8());
                lastId = cursor.id();
                written++;
            }
            out.write(ascii("],\"numberReturned\":" + written + ",\"links\":"));
            out.write(json.writeValueAsBytes(links(ctx, morePages ? Optional.of(lastId) : Optional.empty())));
            out.write('}');
        }
    }

    private void getParcel(Context ctx) {
        long id = ParcelInput.id(ctx);
        Optional<Instant> asOf = QueryParameters.of(ctx, Set.of("asOf")).instant("asOf");
        ParcelRepository.ParcelFeature feature = reads.getFeature(id, asOf, Callers.find(ctx));
        ctx.header("ETag", feature.etag());
        // Members see notes others do not: a cache must keep their answers apart.
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Vary", "Cookie, Authorization");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(feature.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(GEOJSON).result(feature.json());
    }

    private static ParcelQuery parseQuery(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, LIST_PARAMETERS);
        Optional<BoundingBox> bbox = parameters.find("bbox").map(ParcelRoutes::parseBbox);
        Optional<String> trust = parameters.find("trust").map(String::strip);
        int limit = parameters.intInRange("limit", 1, ParcelQuery.MAX_LIMIT, ParcelQuery.DEFAULT_LIMIT);
        long after = parameters
                .find("after")
                .map(value -> QueryParameters.parseId("after", value))
                .orElse(0L);
        Optional<Instant> asOf = parameters.instant("asOf");
        return new ParcelQuery(bbox, trust, after, limit, asOf);
    }

    private static BoundingBox parseBbox(String text) {
        try {
            return BoundingBox.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.invalidParameter("bbox", "Invalid bbox '" + text + "': " + e.getMessage() + ".");
        }
    }

    /** A self link, and a next link that continues after the last id of this page when there is more. */
    private static List<Link> links(Context ctx, Optional<Long> continueAfter) {
        String base = ctx.fullUrl().split("\\?", 2)[0];
        List<Link> links = new ArrayList<>();
        links.add(new Link("self", GEOJSON, base + queryString(ctx, Optional.empty())));
        continueAfter.ifPresent(
                lastId -> links.add(new Link("next", GEOJSON, base + queryString(ctx, Optional.of(lastId)))));
        return links;
    }

    private static String queryString(Context ctx, Optional<Long> after) {
        List<String> pairs = new ArrayList<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!(after.isPresent() && name.equals("after"))) {
                values.forEach(value -> pairs.add(encode(name) + "=" + encode(value)));
            }
        });
        after.ifPresent(id -> pairs.add("after=" + id));
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
