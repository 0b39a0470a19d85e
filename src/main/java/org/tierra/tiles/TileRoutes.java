package org.tierra.tiles;

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
import org.tierra.http.Json;
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

    private static final byte[] EMPTY = new byte[0];

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
     * The tile's parcels, from their stored Web Mercator copy (migration V5), clipped with a 64-unit
     * buffer and quantised to 4096 units; below zoom 14 simplified to a pixel first (finer detail could
     * not be seen anyway). Ordered by id, so that the same registry always gives the same bytes.
     */
    private static final String TILE = """
            WITH bounds AS (
                SELECT ST_TileEnvelope(?, ?, ?) AS mercator,
                       ST_TileEnvelope(?, ?, ?, margin => 64.0 / 4096) AS search
            )
            SELECT ST_AsMVT(tile, 'parcels', 4096, 'geom', 'id')
            FROM (
                SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
                       p.land_use AS "landUse", p.status,
                       round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
                       round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
                       ST_AsMVTGeom(
                           CASE WHEN ? < 14 THEN ST_Simplify(p.geom_3857, ?, true) ELSE p.geom_3857 END,
                           bounds.mercator, 4096, 64, true) AS geom
                FROM parcel p
                JOIN trust t ON t.id = p.trust_id
                CROSS JOIN bounds
                WHERE p.status <> 'retired' AND p.geom_3857 && bounds.search
                ORDER BY p.id
            ) tile
            WHERE geom IS NOT NULL
            """;

    /** The tile as MVT bytes; empty when no parcel reaches it. */
    private static byte[] render(Connection connection, TileCoordinates tile) {
        double pixelMetres = 40_075_016.686 / (1L << tile.z()) / 4096;
        try (PreparedStatement statement = connection.prepareStatement(TILE)) {
            int i = 1;
            for (int repeat = 0; repeat < 2; repeat++) {
                statement.setInt(i++, tile.z());
                statement.setInt(i++, tile.x());
                statement.setInt(i++, tile.y());
            }
            statement.setInt(i++, tile.z());
            statement.setDouble(i, pixelMetres);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                byte[] bytes = row.getBytes(1);
                return bytes == null ? EMPTY : bytes;
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
                          GROUP BY tenure_category) c)
            FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcel WHERE status <> 'retired') x
            """;

    /** What the TileJSON says about the registry, as of one generation. */
    private record Summary(long generation, List<Double> bounds, long parcels, JsonNode tenureCategories) {}

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
                Summary counted = new Summary(generation, bounds, row.getLong(5), json.readTree(row.getString(6)));
                summary.set(counted);
                return counted;
            } catch (SQLException e) {
                throw new DatabaseException(SUMMARY, e);
            }
        });
    }

    private void tileJson(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        String url = ctx.fullUrl();
        String base = url.substring(
                0,
                url.length()
                        - "/tiles/parcels.json".length()
                        - (ctx.queryString() == null ? 0 : ctx.queryString().length() + 1));
        Summary registry = summary();
        List<Double> bounds = registry.bounds();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : List.of("code", "name", "trust", "tenureCategory", "landUse", "status")) {
            fields.put(field, "String");
        }
        fields.put("areaSquareMetres", "Number");
        fields.put("areaHectares", "Number");
        ctx.header("Cache-Control", "no-cache");
        ctx.json(Json.fields(
                "tilejson",
                "3.0.0",
                "name",
                "Tierra parcels",
                "description",
                "The public registry's parcels (no personal data)",
                "tiles",
                List.of(base + "/tiles/parcels/{z}/{x}/{y}.mvt"),
                "minzoom",
                0,
                "maxzoom",
                TileCoordinates.MAX_ZOOM,
                "bounds",
                bounds,
                "center",
                List.of((bounds.get(0) + bounds.get(2)) / 2, (bounds.get(1) + bounds.get(3)) / 2, 12),
                "vector_layers",
                List.of(Json.fields(
                        "id", "parcels", "fields", fields, "minzoom", 0, "maxzoom", TileCoordinates.MAX_ZOOM)),
                "tierra",
                Json.fields("parcels", registry.parcels(), "tenureCategories", registry.tenureCategories())));
    }
}
