package org.tierra.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * GDAL, the library under QGIS, R's sf and Python's geopandas, reads the OGC API as its OAPIF driver
 * does in the field. The setup script installs gdal-bin for the tests; on CI its absence is a failure.
 */
class GdalClientTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static String endpoint;

    @BeforeAll
    static void startTierraWithDemoData() {
        boolean gdalInstalled = run(List.of("ogrinfo", "--version")).startsWith("GDAL");
        if (System.getenv("CI") == null) {
            assumeTrue(gdalInstalled, "gdal-bin is not installed (src/main/sh/tierra setup --for-tests installs it)");
        }
        assertThat(gdalInstalled).as("ogrinfo (gdal-bin) on the PATH").isTrue();
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        endpoint = "OAPIF:http://127.0.0.1:" + app.port() + "/ogc";
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return output;
        } catch (IOException e) {
            return "not runnable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void ogrinfoListsBothCollectionsAsMultiPolygonLayers() {
        String output = run(List.of("ogrinfo", "-ro", endpoint));

        assertThat(output)
                .contains(
                        "using driver `OAPIF' successful",
                        "parcels (title: Parcels) (Multi Polygon)",
                        "trusts (title: Trusts) (Multi Polygon)");
    }

    @Test
    void ogrinfoSummarisesTheParcelsLayerWithTheRightCountCrsAndFields() {
        String output = run(List.of("ogrinfo", "-ro", "-so", endpoint, "parcels"));

        long active = database.queryLong("SELECT count(*) FROM parcel WHERE status <> 'retired'");
        assertThat(output)
                .contains(
                        "Feature Count: " + active,
                        "ID[\"EPSG\",4326]",
                        "tenureCategory: String",
                        "areaSquareMetres: Real",
                        "validFrom: DateTime");
        assertThat(output).doesNotContain("notes");
    }

    @Test
    void ogr2ogrCopiesEveryParcelOnceFollowingTheNextLinks(@TempDir Path folder) throws IOException {
        Path copy = folder.resolve("parcels.geojson");

        String output =
                run(List.of("ogr2ogr", "-f", "GeoJSON", "-oo", "PAGE_SIZE=7", copy.toString(), endpoint, "parcels"));

        assertThat(output).doesNotContain("ERROR");
        JsonNode collection = TestHttp.JSON.readTree(Files.readString(copy));
        List<String> codes = new ArrayList<>();
        collection
                .get("features")
                .forEach(feature ->
                        codes.add(feature.get("properties").get("code").asString()));
        assertThat(codes)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        database.queryColumn("SELECT code FROM parcel WHERE status <> 'retired'"));
        JsonNode first = collection
                .get("features")
                .get(0)
                .get("geometry")
                .get("coordinates")
                .get(0)
                .get(0)
                .get(0);
        assertThat(first.get(0).asDouble()).as("longitude first in GeoJSON").isBetween(-118.0, -86.0);
    }

    @Test
    void ogr2ogrCopiesTheTrustsToAGeoPackage(@TempDir Path folder) {
        Path copy = folder.resolve("trusts.gpkg");

        run(List.of("ogr2ogr", "-f", "GPKG", copy.toString(), endpoint, "trusts"));
        String summary = run(List.of("ogrinfo", "-ro", "-so", copy.toString(), "trusts"));

        assertThat(summary).contains("Feature Count: " + database.queryLong("""
                SELECT count(*) FROM trust t WHERE EXISTS (
                    SELECT 1 FROM parcel p WHERE p.trust_id = t.id AND p.status <> 'retired')"""));
        assertThat(summary).contains("Geometry: Multi Polygon");
    }

    @Test
    void ogrinfoReadsOneParcelByItsIdWithEveryAccentIntact() {
        long id = database.queryLong("SELECT min(id) FROM parcel WHERE code LIKE 'JAC-%'");
        database.execute(
                "UPDATE parcel SET name = 'Ejido Ñuu Sávi – Área común', version = version + 1 WHERE id = " + id);

        String output = run(List.of("ogrinfo", "-ro", "--debug", "on", endpoint, "parcels", "-fid", Long.toString(id)));

        assertThat(output).contains("name (String) = Ejido Ñuu Sávi – Área común");
        assertThat(output)
                .as("read by id from the items link, not by paging")
                .contains("/ogc/collections/parcels/items/" + id);
    }

    @Test
    void gdalOpensTheGeoPackageDownloadByUrlWithoutAWarning() {
        String url = "/vsicurl/http://127.0.0.1:" + app.port() + "/api/v1/exports/parcels.gpkg";

        String output = run(List.of("ogrinfo", "-ro", "-so", url, "parcels"));

        assertThat(output)
                .contains(
                        "using driver `GPKG' successful",
                        "Feature Count: " + database.queryLong("SELECT count(*) FROM parcel WHERE status <> 'retired'"))
                .doesNotContain("Warning", "ERROR");
    }

    /**
     * GDAL sends -where and -spat to the server when the API definition lets it (the queryables as
     * items parameters, filter-lang's cql-text): its own log shows the requests, and the answer is
     * exactly what PostGIS finds, with nothing left for GDAL to filter.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            landUse = 'agricultural'                                  | filter=                 | p.land_use = 'agricultural'
            landUse = 'agricultural' OR landUse LIKE 'past%'          | filter=                 | p.land_use = 'agricultural' OR p.land_use LIKE 'past%'
            areaHectares > 1 AND status <> 'disputed'                 | filter=                 | p.area_m2 > 10000 AND p.status <> 'disputed'
            name ILIKE 'LOTE 1%'                                      | filter=                 | p.name ILIKE 'lote 1%'
            """)
    void ogrinfoSendsItsWhereClauseToTheServer(String where, String sent, String sql) {
        String output = run(List.of("ogrinfo", "-ro", "-so", "--debug", "on", endpoint, "parcels", "-where", where));

        assertThat(output).doesNotContain("client side");
        assertThat(output.lines().filter(line -> line.contains("Fetch(") && line.contains("/items?")))
                .anyMatch(line -> line.contains(sent));
        assertThat(output)
                .contains("Feature Count: "
                        + database.queryLong(
                                "SELECT count(*) FROM parcel p WHERE p.status <> 'retired' AND (" + sql + ")"));
    }

    @Test
    void ogrinfoSendsItsSpatialFilterAsABbox() {
        String output = run(List.of(
                "ogrinfo", "-ro", "-so", "--debug", "on", endpoint, "parcels", "-spat", "-96.74", "17.02", "-96.72",
                "17.04"));

        assertThat(output.lines().filter(line -> line.contains("Fetch(") && line.contains("/items?")))
                .anyMatch(line -> line.contains("bbox=-96.7"));
        assertThat(output)
                .contains(
                        "Feature Count: "
                                + database.queryLong(
                                        "SELECT count(*) FROM parcel p"
                                                + " WHERE p.status <> 'retired' AND ST_Intersects(p.geom, ST_MakeEnvelope(-96.74, 17.02, -96.72, 17.04, 4326))"));
    }
}
