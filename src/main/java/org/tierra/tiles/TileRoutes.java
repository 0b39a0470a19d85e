package org.tierra.tiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.parcels.RegistryGeneration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Vector tiles of the public parcels for the web map: {@code /tiles/parcels/{z}/{x}/{y}.mvt}, and their
 * TileJSON 3.0 at {@code /tiles/parcels.json}.
 *
 * <p>Tiles are made by PostGIS ({@code ST_AsMVT}), simplified to a pixel below zoom 14, with only the
 * attributes the map shows. A bounded cache keeps them under the registry's generation, which every
 * parcel change raises: after an edit no tile is served stale, by this server or (ETag + no-cache) by
 * the browser. An empty tile is always 204.
 */
public final class TileRoutes implements RouteGroup {

    static final String MVT = "application/vnd.mapbox-vector-tile";

    private final Database database;
    private final JsonMapper json;
    /** Tiles already made, weighed by their size; {@code null} when configured off (benchmarks of cold tiles). */
    private final Cache<TileKey, byte[]> cache;

    private record TileKey(long generation, TileCoordinates tile) {}

    /** @param cacheMegabytes memory for tiles already made; 0 makes every tile afresh */
    public TileRoutes(Database database, JsonMapper json, int cacheMegabytes) {
        this.database = database;
        this.json = json;
        this.cache = cacheMegabytes == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumWeight(cacheMegabytes * 1024L * 1024L)
                        .weigher((TileKey key, byte[] tile) -> tile.length + 64)
                        .build();
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/tiles/parcels.json", this::tileJson, Access.PUBLIC);
        routes.get("/tiles/parcels/{z}/{x}/{y}", this::tile, Access.PUBLIC);
    }

    private void tile(Context ctx) {
        TileCoordinates tile = TileCoordinates.parse(ctx.pathParam("z"), ctx.pathParam("x"), ctx.pathParam("y"));
        QueryParameters.of(ctx, Set.of());
        // One connection for the generation and, when the tile is not cached, the tile itself.
        byte[] bytes = database.withConnection(connection -> {
            long generation = RegistryGeneration.current(connection).generation();
            String etag = "\"" + generation + "-" + tile.z() + "-" + tile.x() + "-" + tile.y() + "\"";
            ctx.header("ETag", etag);
            ctx.header("Cache-Control", "no-cache"); // revalidate: an edit must show at once
            String ifNoneMatch = ctx.header("If-None-Match");
            if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
                return null;
            }
            return cache == null
                    ? render(connection, tile)
                    : cache.get(new TileKey(generation, tile), key -> render(connection, key.tile()));
        });
        if (bytes == null) {
            ctx.status(304);
        } else if (bytes.length == 0) {
            ctx.status(204);
        } else {
            ctx.contentType(MVT).result(bytes);
        }
    }

    /**
     * The tile, two layers. {@code parcels}: every parcel reaching the tile, from its stored Web Mercator
     * copy (migration V5), clipped with a 64-unit buffer and quantised to 4096 units, below zoom 14
     * simplified to a unit first (finer detail could not be seen anyway). {@code parcel-points}: for the
     * parcels still smaller than {@value #DOT_PIXELS} screen pixels at this zoom, a dot at the centre of
     * their extent, at most one per 8-pixel cell, with {@code dotZoom}, the zoom from which the parcel
     * itself is that wide, so a farmer can find a house lot on a map of the whole state. Both ordered by
     * id, so that the same registry always gives the same bytes.
     */
    private static final String TILE = """
            WITH bounds AS (
                SELECT z, ST_TileEnvelope(z, x, y) AS mercator,
                       ST_TileEnvelope(z, x, y, margin => 64.0 / 4096) AS search,
                       40075016.686 / 2 ^ z / 4096 AS unit_metres
                FROM (SELECT ?::int AS z, ?::int AS x, ?::int AS y) request
            ),
            candidate AS MATERIALIZED (
                SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
                       p.land_use AS "landUse", p.status,
                       round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
                       round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
                       round(p.perimeter_m::numeric, 2)::float8 AS "perimeterMetres",
                       p.geom_3857 AS shape,
                       -- a 512-pixel world at zoom 0: the zoom at which the parcel is DOT_PIXELS wide
                       log(2.0, (? * 40075016.686 / 512
                                 / greatest(ST_XMax(p.geom_3857) - ST_XMin(p.geom_3857),
                                            ST_YMax(p.geom_3857) - ST_YMin(p.geom_3857), 0.001))::numeric)::float8
                           AS "dotZoom"
                FROM parcel p
                JOIN trust t ON t.id = p.trust_id
                CROSS JOIN bounds
                WHERE p.status <> 'retired' AND p.geom_3857 && bounds.search
            ),
            shapes AS (
                SELECT id, code, name, trust, "tenureCategory", "landUse", status, "areaSquareMetres",
                       "areaHectares", "perimeterMetres",
                       ST_AsMVTGeom(
                           CASE WHEN bounds.z < 14 THEN ST_Simplify(shape, bounds.unit_metres, true) ELSE shape END,
                           bounds.mercator, 4096, 64, true) AS geom
                FROM candidate CROSS JOIN bounds
                ORDER BY id
            ),
            dots AS (
                SELECT DISTINCT ON (floor(ST_X(geom) / 64), floor(ST_Y(geom) / 64)) *
                FROM (SELECT id, code, name, trust, "tenureCategory", "landUse", status, "areaSquareMetres",
                             "areaHectares", "perimeterMetres", "dotZoom",
                             ST_AsMVTGeom(ST_Centroid(ST_Envelope(shape)), bounds.mercator, 4096, 64, true) AS geom
                      FROM candidate CROSS JOIN bounds
                      WHERE "dotZoom" > bounds.z) points
                WHERE geom IS NOT NULL
                ORDER BY floor(ST_X(geom) / 64), floor(ST_Y(geom) / 64), id
            )
            SELECT coalesce((SELECT ST_AsMVT(shapes, 'parcels', 4096, 'geom', 'id')
                             FROM shapes WHERE geom IS NOT NULL), '')
                || coalesce((SELECT ST_AsMVT(dot, 'parcel-points', 4096, 'geom', 'id')
                             FROM (SELECT * FROM dots ORDER BY id) dot), '')
            """;

    /** A parcel narrower than this many screen pixels also gets a dot. */
    static final int DOT_PIXELS = 12;

    /** The tile as MVT bytes; empty when no parcel reaches it. */
    private static byte[] render(Connection connection, TileCoordinates tile) {
        try (PreparedStatement statement = connection.prepareStatement(TILE)) {
            statement.setInt(1, tile.z());
            statement.setInt(2, tile.x());
            statement.setInt(3, tile.y());
            statement.setInt(4, DOT_PIXELS);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBytes(1); // never null: each layer is coalesced to no bytes
            }
        } catch (SQLException e) {
            throw new DatabaseException(TILE, e);
        }
    }

    private static final String SUMMARY = """
            SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e),
                   (SELECT count(*) FROM parcel WHERE status <> 'retired'),
                   (SELECT coalesce(json_object_agg(tenure_category, n), '{}')::text
                    FROM (SELECT tenure_category, count(*) AS n FROM parcel WHERE status <> 'retired'
                          GROUP BY tenure_category) c),
                   (SELECT coalesce(json_object_agg(status, n), '{}')::text
                    FROM (SELECT status, count(*) AS n FROM parcel WHERE status <> 'retired' GROUP BY status) s)
            FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcel WHERE status <> 'retired') x
            """;

    /** What the TileJSON says about the registry, as of one generation. */
    private record Summary(
            long generation, List<Double> bounds, long parcels, JsonNode tenureCategories, JsonNode statuses) {}

    /**
     * The latest summary: counting a national registry takes a while, and a map asks for it on every
     * load, so it is kept until the registry changes. (Two requests racing after a change may both
     * count; either result is right for its generation.)
     */
    private final AtomicReference<Summary> summary = new AtomicReference<>();

    private Summary summary() {
        return database.withConnection(connection -> {
            long generation = RegistryGeneration.current(connection).generation();
            Summary known = summary.get();
            if (known != null && known.generation() == generation) {
                return known;
            }
            try (PreparedStatement statement = connection.prepareStatement(SUMMARY);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                List<Double> bounds = row.getObject(1) == null
                        ? List.of(-118.4, 14.5, -86.7, 32.7) // Mexico, until the registry has land
                        : List.of(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4));
                Summary counted = new Summary(
                        generation,
                        bounds,
                        row.getLong(5),
                        json.readTree(row.getString(6)),
                        json.readTree(row.getString(7)));
                summary.set(counted);
                return counted;
            } catch (SQLException e) {
                throw new DatabaseException(SUMMARY, e);
            }
        });
    }

    /** TileJSON 3.0 for the parcel tiles, with Tierra's own summary of what they hold. */
    record TileJson(
            String tilejson,
            String name,
            String description,
            List<String> tiles,
            int minzoom,
            int maxzoom,
            List<Double> bounds,
            List<Number> center,
            @JsonProperty("vector_layers") List<VectorLayer> vectorLayers,
            Contents tierra) {}

    /** How many parcels the tiles hold, by tenure category and status. */
    record Contents(long parcels, JsonNode tenureCategories, JsonNode statuses) {}

    /** A layer of the tiles and the attributes its features carry, by TileJSON type name. */
    record VectorLayer(String id, String description, Map<String, String> fields, int minzoom, int maxzoom) {
        static VectorLayer of(String id, String description, Map<String, String> fields) {
            return new VectorLayer(id, description, fields, 0, TileCoordinates.MAX_ZOOM);
        }
    }

    private void tileJson(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Summary registry = summary();
        List<Double> bounds = registry.bounds();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("code", "name", "trust", "tenureCategory", "landUse", "status")) {
            fields.put(field, "String");
        }
        for (String field : List.of("areaSquareMetres", "areaHectares", "perimeterMetres")) {
            fields.put(field, "Number");
        }
        Map<String, String> dotFields = new LinkedHashMap<>(fields);
        dotFields.put("dotZoom", "Number");
        ctx.header("Cache-Control", "no-cache");
        ctx.json(new TileJson(
                "3.0.0",
                "Tierra parcels",
                "The public registry's parcels (no personal data)",
                List.of(PublicAddress.base(ctx) + "/tiles/parcels/{z}/{x}/{y}.mvt"),
                0,
                TileCoordinates.MAX_ZOOM,
                bounds,
                List.of((bounds.get(0) + bounds.get(2)) / 2, (bounds.get(1) + bounds.get(3)) / 2, 12),
                List.of(
                        VectorLayer.of("parcels", "Every parcel's boundary", fields),
                        VectorLayer.of(
                                "parcel-points",
                                "A dot for each parcel too small to see at the tile's zoom (until dotZoom)",
                                dotFields)),
                new Contents(registry.parcels(), registry.tenureCategories(), registry.statuses())));
    }
}
