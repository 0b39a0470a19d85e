package org.tierra.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Vector tiles and their TileJSON over real HTTP, decoded as a map client decodes them. */
class TileRoutesTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void startTierraWithDemoData() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The z/x/y of the tile holding a parcel's point on surface. */
    private static String tileOf(String code, int z) {
        return database.queryColumn("""
                SELECT %1$d || '/' || floor((ST_X(c) + 180) / 360 * 2 ^ %1$d)::int || '/'
                       || floor((1 - asinh(tan(radians(ST_Y(c)))) / pi()) / 2 * 2 ^ %1$d)::int
                FROM (SELECT ST_PointOnSurface(geom) c FROM parcel WHERE code = '%2$s') x""".formatted(z, code)).get(0);
    }

    /** What PostGIS says the tile must hold: the active parcels reaching its buffered envelope. */
    private static List<Long> parcelsReaching(String zxy) {
        String[] parts = zxy.split("/", -1);
        return database.queryColumn("""
                SELECT id FROM parcel
                WHERE status <> 'retired'
                  AND ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(%s, %s, %s, margin => 64.0 / 4096))
                ORDER BY id""".formatted(parts[0], parts[1], parts[2])).stream()
                .map(Long::parseLong)
                .toList();
    }

    private static VectorTile.Tile.Layer layer(HttpResponse<byte[]> response) throws IOException {
        return layer(response.body(), "parcels");
    }

    private static VectorTile.Tile.Layer layer(byte[] tile, String name) throws IOException {
        VectorTile.Tile decoded = VectorTile.Tile.parseFrom(tile);
        assertThat(decoded.getLayersList())
                .extracting(VectorTile.Tile.Layer::getName)
                .isSubsetOf("parcels", "parcel-points")
                .doesNotHaveDuplicates();
        return decoded.getLayersList().stream()
                .filter(layer -> layer.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + name));
    }

    private static List<Long> ids(VectorTile.Tile.Layer layer) {
        List<Long> ids = new ArrayList<>();
        layer.getFeaturesList().forEach(feature -> ids.add(feature.getId()));
        ids.sort(Long::compare);
        return ids;
    }

    private static Map<String, String> properties(VectorTile.Tile.Layer layer, VectorTile.Tile.Feature feature) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < feature.getTagsCount(); i += 2) {
            VectorTile.Tile.Value value = layer.getValues(feature.getTags(i + 1));
            properties.put(
                    layer.getKeys(feature.getTags(i)),
                    value.hasStringValue()
                            ? value.getStringValue()
                            : String.valueOf(value.hasDoubleValue() ? value.getDoubleValue() : value.getIntValue()));
        }
        return properties;
    }

    @ParameterizedTest
    @CsvSource({"JAC-001,16", "JAC-001,14", "JAC-001,12", "JAC-001,10"})
    void aTileHoldsExactlyTheParcelsThatReachIt(String code, int z) throws IOException {
        String zxy = tileOf(code, z);

        HttpResponse<byte[]> response = http.getBytes("/tiles/parcels/" + zxy + ".mvt");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
        VectorTile.Tile.Layer layer = layer(response);
        assertThat(layer.getName()).isEqualTo("parcels");
        assertThat(layer.getExtent()).isEqualTo(4096);
        assertThat(ids(layer)).isNotEmpty().containsExactlyElementsOf(parcelsReaching(zxy));
    }

    /**
     * The tile PostGIS makes from the boundaries as stored (lon/lat, transformed on the fly): what the
     * service's tile, cut from the stored Web Mercator copy, must equal byte for byte.
     */
    private static byte[] tileFromLonLat(String zxy) throws SQLException {
        String[] parts = zxy.split("/", -1);
        int z = Integer.parseInt(parts[0]);
        String sql = """
                WITH bounds AS (SELECT ST_TileEnvelope(%1$s, %2$s, %3$s) AS mercator)
                SELECT ST_AsMVT(tile, 'parcels', 4096, 'geom', 'id')
                FROM (
                    SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
                           p.land_use AS "landUse", p.status,
                           round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
                           round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
                           round(p.perimeter_m::numeric, 2)::float8 AS "perimeterMetres",
                           ST_AsMVTGeom(
                               CASE WHEN %1$s < 14 THEN ST_Simplify(ST_Transform(p.geom, 3857), %4$s, true)
                                    ELSE ST_Transform(p.geom, 3857) END,
                               bounds.mercator, 4096, 64, true) AS geom
                    FROM parcel p
                    JOIN trust t ON t.id = p.trust_id
                    CROSS JOIN bounds
                    WHERE p.status <> 'retired'
                      AND p.geom && ST_Transform(ST_TileEnvelope(%1$s, %2$s, %3$s, margin => 64.0 / 4096), 4326)
                    ORDER BY p.id
                ) tile
                WHERE geom IS NOT NULL
                """.formatted(parts[0], parts[1], parts[2], 40_075_016.686 / (1L << z) / 4096);
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getBytes(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"JAC-001,16", "JAC-001,14", "JAC-001,12", "P-01,13"})
    void tilesCutFromTheStoredWebMercatorCopyEqualTilesCutFromTheBoundariesAsDrawn(String code, int z)
            throws Exception {
        String zxy = tileOf(code, z);

        HttpResponse<byte[]> response = http.getBytes("/tiles/parcels/" + zxy + ".mvt");

        assertThat(layer(response.body(), "parcels")).isEqualTo(layer(tileFromLonLat(zxy), "parcels"));
    }

    @Test
    void anEditedBoundaryMovesItsWebMercatorCopyWithIt() throws Exception {
        String zxy = tileOf("JAC-002", 16);
        long id = database.queryLong("SELECT id FROM parcel WHERE code = 'JAC-002'");
        http.getBytes("/tiles/parcels/" + zxy + ".mvt"); // cached before the edit

        database.execute("UPDATE parcel SET geom = ST_Multi(ST_Translate(geom, 0.00005, 0.00003)),"
                + " version = version + 1 WHERE id = " + id);
        HttpResponse<byte[]> after = http.getBytes("/tiles/parcels/" + zxy + ".mvt");

        assertThat(layer(after.body(), "parcels")).isEqualTo(layer(tileFromLonLat(zxy), "parcels"));
    }

    /** The zoom at which a parcel's extent becomes 12 pixels wide, computed apart from the service's SQL. */
    private static double dotZoom(long id) {
        return Double.parseDouble(database.queryColumn("""
                SELECT ln(12 * 40075016.686 / 512 / greatest(ST_XMax(e) - ST_XMin(e), ST_YMax(e) - ST_YMin(e))) / ln(2)
                FROM (SELECT ST_Envelope(ST_Transform(geom, 3857)) e FROM parcel WHERE id = %d) x""".formatted(id)).get(0));
    }

    @Test
    void zoomedOutSmallParcelsAlsoComeAsDotsWhichStopWhereTheParcelIsBigEnoughToSee() throws IOException {
        String zxy = tileOf("JAC-001", 10);
        long jac001 = database.queryLong("SELECT id FROM parcel WHERE code = 'JAC-001'");
        int z = 10;

        VectorTile.Tile.Layer dots =
                layer(http.getBytes("/tiles/parcels/" + zxy + ".mvt").body(), "parcel-points");
        byte[] closeUp = http.getBytes("/tiles/parcels/" + tileOf("JAC-001", 18) + ".mvt")
                .body();

        assertThat(dots.getFeaturesCount()).isPositive();
        assertThat(ids(dots)).isSubsetOf(parcelsReaching(zxy));
        for (VectorTile.Tile.Feature dot : dots.getFeaturesList()) {
            assertThat(dot.getType()).isEqualTo(VectorTile.Tile.GeomType.POINT);
            double served = Double.parseDouble(properties(dots, dot).get("dotZoom"));
            assertThat(served)
                    .isGreaterThan(z)
                    .isCloseTo(dotZoom(dot.getId()), org.assertj.core.data.Offset.offset(1e-6));
        }
        // thinned to one per 8-pixel cell (64 tile units): dots never pile up on one spot
        assertThat(dots.getFeaturesCount())
                .isLessThanOrEqualTo(parcelsReaching(zxy).size());
        Set<String> cells = new HashSet<>();
        for (VectorTile.Tile.Feature dot : dots.getFeaturesList()) {
            int x = (dot.getGeometry(1) >>> 1) ^ -(dot.getGeometry(1) & 1); // zigzag-decoded MoveTo
            int y = (dot.getGeometry(2) >>> 1) ^ -(dot.getGeometry(2) & 1);
            assertThat(cells.add(Math.floorDiv(x, 64) + "," + Math.floorDiv(y, 64)))
                    .as("one dot per cell")
                    .isTrue();
        }
        assertThat(dotZoom(jac001)).isLessThan(18);
        assertThat(VectorTile.Tile.parseFrom(closeUp).getLayersList())
                .extracting(VectorTile.Tile.Layer::getName)
                .containsExactly("parcels");
    }

    @Test
    void featuresCarryThePublicAttributesTheMapNeedsAndNothingPersonal() throws IOException {
        VectorTile.Tile.Layer layer = layer(http.getBytes("/tiles/parcels/" + tileOf("JAC-001", 16) + ".mvt"));

        Map<String, String> jac001 = layer.getFeaturesList().stream()
                .map(feature -> properties(layer, feature))
                .filter(properties -> "JAC-001".equals(properties.get("code")))
                .findFirst()
                .orElseThrow();
        assertThat(jac001).containsEntry("tenureCategory", "clt_leasehold").containsEntry("trust", "ftc-jacarandas");
        assertThat(jac001.keySet())
                .containsExactlyInAnyOrder(
                        "code",
                        "name",
                        "trust",
                        "tenureCategory",
                        "landUse",
                        "status",
                        "areaSquareMetres",
                        "areaHectares",
                        "perimeterMetres");
        assertThat(layer.getFeatures(0).getType()).isEqualTo(VectorTile.Tile.GeomType.POLYGON);
    }

    @Test
    void anEditShowsInTheNextTileAtOnce() throws IOException {
        String zxy = tileOf("JAC-003", 16);
        long id = database.queryLong("SELECT id FROM parcel WHERE code = 'JAC-003'");
        HttpResponse<byte[]> before = http.getBytes("/tiles/parcels/" + zxy + ".mvt");
        String etag = before.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> revalidated = http.getBytes("/tiles/parcels/" + zxy + ".mvt", "If-None-Match", etag);

        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + id);
        HttpResponse<byte[]> after = http.getBytes("/tiles/parcels/" + zxy + ".mvt", "If-None-Match", etag);

        assertThat(ids(layer(before))).contains(id);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(ids(layer(after))).doesNotContain(id).containsExactlyElementsOf(parcelsReaching(zxy));
        assertThat(before.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void anEmptyTileIsAlways204() {
        HttpResponse<byte[]> ocean = http.getBytes("/tiles/parcels/10/0/0.mvt");
        HttpResponse<byte[]> again = http.getBytes("/tiles/parcels/10/0/0.mvt");

        assertThat(ocean.statusCode()).isEqualTo(204);
        assertThat(ocean.body()).isEmpty();
        assertThat(again.statusCode()).isEqualTo(204);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /tiles/parcels/23/0/0.mvt        | The zoom is from 0 to 22
            /tiles/parcels/-1/0/0.mvt        | The zoom is from 0 to 22
            /tiles/parcels/3/8/0.mvt         | x and y are from 0 to 7
            /tiles/parcels/3/0/8.mvt         | x and y are from 0 to 7
            /tiles/parcels/3/0/-1.mvt        | x and y are from 0 to 7
            /tiles/parcels/3/0/0.png         | {z}/{x}/{y}.mvt
            /tiles/parcels/3/0/0             | {z}/{x}/{y}.mvt
            /tiles/parcels/a/0/0.mvt         | 'z' is a whole number
            /tiles/parcels/3/0/99999999999.mvt | 'y' is a whole number
            /tiles/parcels/3/0/0.mvt?style=x | Unknown query parameter
            """)
    void badTileCoordinatesAre400(String path, String detail) {
        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains(detail);
    }

    @Test
    void tilesAreGzippedWhenAsked() throws IOException {
        String path = "/tiles/parcels/" + tileOf("JAC-001", 12) + ".mvt";
        HttpResponse<byte[]> plain = http.getBytes(path);
        HttpResponse<byte[]> zipped = http.getBytes(path, "Accept-Encoding", "gzip");

        assertThat(plain.body().length).isGreaterThan(1500);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void tileJsonDescribesTheLayerBoundsAndExactCounts() {
        JsonNode tileJson = json(http.get("/tiles/parcels.json"));

        assertThat(tileJson.get("tilejson").asString()).isEqualTo("3.0.0");
        assertThat(tileJson.get("tiles").get(0).asString())
                .isEqualTo("http://127.0.0.1:" + app.port() + "/tiles/parcels/{z}/{x}/{y}.mvt");
        assertThat(tileJson.get("vector_layers").get(0).get("id").asString()).isEqualTo("parcels");
        assertThat(tileJson.get("vector_layers").get(1).get("id").asString()).isEqualTo("parcel-points");
        assertThat(tileJson.get("vector_layers").get(1).get("fields").has("dotZoom"))
                .isTrue();
        assertThat(tileJson.get("tierra").get("statuses").get("active").asLong())
                .isEqualTo(database.queryLong("SELECT count(*) FROM parcel WHERE status = 'active'"));
        assertThat(tileJson.get("maxzoom").asInt()).isEqualTo(22);
        assertThat(tileJson.get("tierra").get("parcels").asLong())
                .isEqualTo(database.queryLong("SELECT count(*) FROM parcel WHERE status <> 'retired'"));
        assertThat(tileJson.get("tierra")
                        .get("tenureCategories")
                        .get("clt_leasehold")
                        .asLong())
                .isEqualTo(database.queryLong(
                        "SELECT count(*) FROM parcel WHERE status <> 'retired' AND tenure_category = 'clt_leasehold'"));
        JsonNode bounds = tileJson.get("bounds");
        assertThat(bounds.get(0).asDouble())
                .isEqualTo(Double.parseDouble(
                        database.queryColumn("SELECT ST_XMin(ST_Extent(geom)) FROM parcel WHERE status <> 'retired'")
                                .get(0)));
    }
}
