package org.tierra.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tierra.testing.TestHttp.JSON;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.contents.Contents;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Bulk downloads over real HTTP on the demo registry: every public parcel exactly as PostGIS holds it,
 * the same filters as the OGC items route, a GeoPackage that SQLite, NGA's library and GDAL all read,
 * and bad input refused before anything is written.
 */
class ExportRoutesTest {

    private static final String GEOJSON = "/api/v1/exports/parcels.geojson";
    private static final String GPKG = "/api/v1/exports/parcels.gpkg";

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @TempDir
    Path downloads;

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

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The public parcels PostGIS selects with {@code where}, by id. */
    private static List<Long> sqlIds(String where) {
        return database
                .queryColumn("SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id"
                        + " WHERE p.status <> 'retired' AND (" + where + ") ORDER BY p.id")
                .stream()
                .map(Long::parseLong)
                .toList();
    }

    private static List<Long> ids(JsonNode collection) {
        List<Long> ids = new ArrayList<>();
        collection.get("features").forEach(feature -> ids.add(feature.get("id").asLong()));
        return ids;
    }

    private static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String expectedFilename(String extension) {
        return "attachment; filename=\"tierra-parcels-" + LocalDate.now(ZoneOffset.UTC) + "." + extension + "\"";
    }

    @Test
    void geoJsonHoldsEveryPublicParcelWithTheGeometryPostGisHolds() {
        HttpResponse<String> response = http.get(GEOJSON);
        JsonNode collection = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(expectedFilename("geojson"));
        assertThat(collection.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(ids(collection)).isNotEmpty().containsExactlyElementsOf(sqlIds("true"));
        for (JsonNode feature : collection.get("features")) {
            long id = feature.get("id").asLong();
            Geometry served = wkt(database.queryColumn("SELECT ST_AsText(ST_GeomFromGeoJSON('"
                            + feature.get("geometry").toString() + "'))")
                    .get(0));
            Geometry stored = wkt(database.queryColumn("SELECT ST_AsText(geom) FROM parcel WHERE id = " + id)
                    .get(0));
            assertThat(served.equalsExact(stored, 1e-9)).as("parcel %d", id).isTrue();
            assertThat(feature.get("properties").get("code").asString())
                    .isEqualTo(database.queryColumn("SELECT code FROM parcel WHERE id = " + id)
                            .get(0));
        }
    }

    @Test
    void geoJsonIsTheSameDocumentAsOgcItemsAndLeavesNoPersonalData() {
        JsonNode download = JSON.readTree(http.get(GEOJSON).body());
        JsonNode items = JSON.readTree(
                http.get("/ogc/collections/parcels/items?limit=10000").body());

        assertThat(download.get("features")).isEqualTo(items.get("features"));
        assertThat(download.toString()).doesNotContain("owner", "lessee", "email", "username");
    }

    @Test
    void filtersMeanWhatTheyMeanOnTheItemsRoute() {
        String filter = encode("landUse IN ('residential','agricultural') AND areaHectares > 0.05");
        String bbox = "-96.75,17.0,-96.66,17.1";
        String query = "?bbox=" + bbox + "&filter=" + filter + "&trust=ftc-jacarandas";

        JsonNode download = JSON.readTree(http.get(GEOJSON + query).body());
        JsonNode items = JSON.readTree(http.get("/ogc/collections/parcels/items" + query + "&limit=10000")
                .body());

        List<Long> expected = sqlIds("p.land_use IN ('residential','agricultural') AND p.area_m2 / 10000 > 0.05"
                + " AND t.code = 'ftc-jacarandas' AND ST_Intersects(p.geom, ST_MakeEnvelope(" + bbox + ", 4326))");
        assertThat(expected).isNotEmpty();
        assertThat(ids(download)).containsExactlyElementsOf(expected).containsExactlyElementsOf(ids(items));
    }

    @Test
    void propertiesChoosesTheColumns() {
        JsonNode download = JSON.readTree(
                http.get(GEOJSON + "?properties=code,areaHectares").body());

        for (JsonNode feature : download.get("features")) {
            assertThat(feature.get("properties").propertyNames()).containsExactly("code", "areaHectares");
        }
    }

    @Test
    void aRetiredParcelLeavesTheDownloadButDatetimeBringsTheRegistryBack() {
        long id = database.queryLong("SELECT id FROM parcel WHERE code = 'JAC-010'");
        String before = database.queryColumn(
                        "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
                .get(0);
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + id);

        List<Long> now = ids(JSON.readTree(http.get(GEOJSON).body()));
        List<Long> then =
                ids(JSON.readTree(http.get(GEOJSON + "?datetime=" + before).body()));

        assertThat(now).doesNotContain(id).containsExactlyElementsOf(sqlIds("true"));
        assertThat(then).contains(id).hasSize(now.size() + 1);
    }

    @Test
    void anEmptySelectionIsAnEmptyCollectionAndAnEmptyGeoPackage() throws Exception {
        String nothing = "?filter=" + encode("code = 'no such parcel'");
        JsonNode collection = JSON.readTree(http.get(GEOJSON + nothing).body());
        Path file = download(GPKG + nothing);

        assertThat(collection.get("features")).isEmpty();
        try (GeoPackage geoPackage = GeoPackageManager.open(file.toFile())) {
            assertThat(geoPackage.getFeatureDao("parcels").count()).isZero();
        }
    }

    @Test
    void geoJsonIsGzippedWhenAskedAndIdentical() {
        HttpResponse<byte[]> zipped = http.getBytes(GEOJSON, "Accept-Encoding", "gzip");
        String plain = http.get(GEOJSON).body();

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(TestHttp.gunzip(zipped.body())).isEqualTo(plain);
    }

    @Test
    void geoJsonIsStreamedInChunksNotBufferedToMeasureIt() {
        HttpResponse<String> response = http.get(GEOJSON);

        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    }

    private Path download(String pathAndQuery) throws IOException {
        HttpResponse<byte[]> response = http.getBytes(pathAndQuery);
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        Path file = Files.createTempFile(downloads, "download-", ".gpkg");
        Files.write(file, response.body());
        return file;
    }

    @Test
    void geoPackageHoldsEveryPublicParcelUnderItsRegistryIdWithItsExactGeometry() throws Exception {
        HttpResponse<byte[]> response = http.getBytes(GPKG);
        Path file = Files.write(downloads.resolve("parcels.gpkg"), response.body());

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geopackage+sqlite3");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(expectedFilename("gpkg"));
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(response.body().length));
        Map<Long, Geometry> stored = new HashMap<>();
        for (String row :
                database.queryColumn("SELECT id || ' ' || ST_AsText(geom) FROM parcel WHERE status <> 'retired'")) {
            stored.put(Long.parseLong(row.substring(0, row.indexOf(' '))), wkt(row.substring(row.indexOf(' ') + 1)));
        }
        List<Long> fids = new ArrayList<>();
        try (GeoPackage geoPackage = GeoPackageManager.open(file.toFile())) {
            FeatureDao features = geoPackage.getFeatureDao("parcels");
            assertThat(features.getSrs().getOrganizationCoordsysId()).isEqualTo(4326);
            for (FeatureRow row : rows(features)) {
                fids.add(row.getId());
                Geometry geometry = new WKBReader().read(row.getGeometry().getWkb());
                assertThat(geometry.equalsExact(stored.get(row.getId()), 1e-9))
                        .as("parcel %d", row.getId())
                        .isTrue();
                assertThat(row.getValue("code")).isNotNull();
                assertThat(row.getValue("areaHectares")).isInstanceOf(Double.class);
                assertThat(row.getValue("version")).isInstanceOf(Long.class);
            }
            Contents contents = geoPackage.getContentsDao().queryForId("parcels");
            assertThat(contents.getMinX())
                    .isCloseTo(
                            Double.parseDouble(database.queryColumn(
                                            "SELECT ST_XMin(ST_Extent(geom)) FROM parcel WHERE status <> 'retired'")
                                    .get(0)),
                            org.assertj.core.data.Offset.offset(1e-9));
            assertThat(new RTreeIndexExtension(geoPackage).has("parcels")).isTrue();
        }
        assertThat(fids).containsExactlyInAnyOrderElementsOf(stored.keySet());
    }

    private static List<FeatureRow> rows(FeatureDao features) {
        List<FeatureRow> rows = new ArrayList<>();
        FeatureResultSet result = features.queryForAll();
        try {
            while (result.moveToNext()) {
                rows.add(result.getRow());
            }
        } finally {
            result.close();
        }
        return rows;
    }

    @Test
    void geoPackageTakesTheSameFilters() throws Exception {
        Path file = download(GPKG + "?landUse=agricultural&properties=code,landUse");

        try (GeoPackage geoPackage = GeoPackageManager.open(file.toFile())) {
            FeatureDao features = geoPackage.getFeatureDao("parcels");
            List<Long> fids = rows(features).stream().map(FeatureRow::getId).toList();
            assertThat(fids).containsExactlyInAnyOrderElementsOf(sqlIds("p.land_use = 'agricultural'"));
            assertThat(features.getTable().getColumnNames()).containsExactly("fid", "geom", "code", "landUse");
        }
    }

    @Test
    void gdalOpensTheGeoPackageAsAMultiPolygonLayerInWgs84() throws Exception {
        boolean gdalInstalled = run("ogrinfo", "--version").startsWith("GDAL");
        if (System.getenv("CI") == null) {
            assumeTrue(gdalInstalled, "gdal-bin is not installed (src/main/sh/tierra setup --for-tests installs it)");
        }
        Path file = download(GPKG);

        String summary = run("ogrinfo", "-ro", "-so", file.toString(), "parcels");

        assertThat(summary)
                .contains("Geometry: Multi Polygon")
                .contains("Feature Count: " + sqlIds("true").size())
                .contains("ID[\"EPSG\",4326]")
                .contains("FID Column = fid")
                .contains("code: String")
                .contains("areaHectares: Real");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            limit=10                                  | limit
            sortby=code                               | sortby
            cursor=abc                                | cursor
            crs=http://www.opengis.net/def/crs/EPSG/0/4326 | crs
            f=json                                    | f
            owner=x                                   | owner
            bbox=1,2,3                                | bbox
            bbox=-96.7,17.1,-96.6,17.0                | bbox
            bbox-crs=http://www.opengis.net/def/crs/EPSG/0/32614&bbox=9e9,9e9,9.1e9,9.1e9 | bbox
            filter=code%20%3D                         | filter
            filter=nosuch%20%3D%201                   | filter
            filter=code%3D'x'%3BDROP%20TABLE%20parcel | filter
            datetime=yesterday                        | datetime
            properties=owner                          | properties
            """)
    void badInputIsA400NamingTheParameterAndLeavesNoFileBehind(String query, String parameter) throws IOException {
        for (String route : List.of(GEOJSON, GPKG)) {
            long temporaryBefore = temporaryExports();
            HttpResponse<String> response = http.get(route + "?" + query);

            assertThat(response.statusCode()).as(route + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("parameter").asString())
                    .isEqualTo(parameter);
            assertThat(temporaryExports()).isEqualTo(temporaryBefore);
        }
        assertThat(database.queryLong("SELECT count(*) FROM parcel")).isPositive();
    }

    /** GeoPackage files Tierra keeps (in its tierra-gpkg-* folders), made or being made. */
    private static long temporaryExports() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            long files = 0;
            for (Path folder : folders.filter(
                            path -> path.getFileName().toString().startsWith("tierra-gpkg-"))
                    .toList()) {
                try (Stream<Path> kept = Files.list(folder)) {
                    files += kept.count();
                }
            }
            return files;
        }
    }

    @Test
    void geoPackageIsServedWithItsLengthAnEntityTagAndByteRanges() {
        HttpResponse<byte[]> whole = http.getBytes(GPKG);
        HttpResponse<byte[]> head = http.send("HEAD", GPKG);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        int size = whole.body().length;

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(size));
        assertThat(head.headers().firstValue("ETag")).hasValue(etag);
        assertThat(head.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        HttpResponse<byte[]> first = http.getBytes(GPKG, "Range", "bytes=0-99");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + size);
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 0, 100));
        HttpResponse<byte[]> last = http.getBytes(GPKG, "Range", "bytes=-16");
        assertThat(last.body()).isEqualTo(Arrays.copyOfRange(whole.body(), size - 16, size));
        HttpResponse<byte[]> rest = http.getBytes(GPKG, "Range", "bytes=" + (size - 10) + "-");
        assertThat(rest.body()).hasSize(10);
        HttpResponse<byte[]> pastTheEnd = http.getBytes(GPKG, "Range", "bytes=" + size + "-");
        assertThat(pastTheEnd.statusCode()).isEqualTo(416);
        assertThat(pastTheEnd.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
        assertThat(http.getBytes(GPKG, "Range", "bytes=0-1,5-9").statusCode())
                .as("several ranges: the whole file")
                .isEqualTo(200);
        assertThat(http.getBytes(GPKG, "Range", "bytes=0-9", "If-Range", "\"older\"")
                        .statusCode())
                .as("the file changed since: the whole file")
                .isEqualTo(200);
        assertThat(http.getBytes(GPKG, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void anEditToTheRegistryMakesANewGeoPackage() throws Exception {
        String before = http.getBytes(GPKG).headers().firstValue("ETag").orElseThrow();
        assertThat(http.getBytes(GPKG).headers().firstValue("ETag")).hasValue(before);
        long id = sqlIds("t.code = 'ftc-jacarandas'").get(0);
        database.execute("UPDATE parcel SET name = 'Otra vez', version = version + 1 WHERE id = " + id);

        HttpResponse<byte[]> after = http.getBytes(GPKG);

        assertThat(after.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(before));
        Path file = Files.write(downloads.resolve("after.gpkg"), after.body());
        try (GeoPackage geoPackage = GeoPackageManager.open(file.toFile())) {
            FeatureRow row = geoPackage.getFeatureDao("parcels").queryForIdRow(id);
            assertThat(row.getValue("name")).isEqualTo("Otra vez");
        }
    }

    @ParameterizedTest
    @CsvSource({"'', 10200", "gpkg-version=1.2, 10200", "gpkg-version=1.3, 10300", "gpkg-version=1.4, 10400"})
    void aGeoPackageDeclaresVersion12UnlessAskedForAnother(String query, int userVersion) throws Exception {
        Path file = download(GPKG + "?" + query);

        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
                ResultSet row = sqlite.createStatement().executeQuery("PRAGMA user_version")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(userVersion);
        }
        assertThat(http.get(GPKG + "?gpkg-version=2.0").statusCode()).isEqualTo(400);
        assertThat(http.get(GEOJSON + "?gpkg-version=1.2").statusCode())
                .as("a GeoJSON download has no GeoPackage version")
                .isEqualTo(400);
    }

    @Test
    void headOfTheGeoJsonDownloadChecksTheRequestButSendsNothing() {
        HttpResponse<byte[]> head = http.send("HEAD", GEOJSON + "?trust=ftc-jacarandas");
        HttpResponse<byte[]> bad = http.send("HEAD", GEOJSON + "?bbox=1,2,3");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        assertThat(head.headers().firstValue("Content-Disposition")).hasValue(expectedFilename("geojson"));
        assertThat(head.body()).isEmpty();
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
