package org.tierra.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.WKTReader;
import org.tierra.http.Json;
import tools.jackson.databind.json.JsonMapper;

/** The corpus of nasty boundaries: each read either into a valid MultiPolygon or into named findings. */
class GeometryInputTest {

    private static final JsonMapper json = Json.newMapper();
    private static final SourceCrs LCC_MEXICO = new SourceCrs(6372, false, false);

    private static GeometryInput.Parsed read(String geoJson) {
        return GeometryInput.read(json.readTree(geoJson), SourceCrs.CRS84, GeometryLimits.DEFAULT);
    }

    private static List<GeometryFinding> findings(String geoJson, SourceCrs crs) {
        InvalidGeometryException error = catchThrowableOfType(
                InvalidGeometryException.class,
                () -> GeometryInput.read(json.readTree(geoJson), crs, GeometryLimits.DEFAULT));
        assertThat(error).as("%s must be refused", geoJson).isNotNull();
        return error.findings();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bowtie                    | {"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}                                          | self-intersection            | 5 5
            figure-eight, 3 crossings | {"type":"Polygon","coordinates":[[[0,0],[4,4],[8,0],[12,4],[12,0],[8,4],[4,0],[0,4],[0,0]]]}                     | self-intersection self-intersection self-intersection | 2 2;6 2;10 2
            spike                     | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,5],[15,5],[10,5],[10,10],[0,10],[0,0]]]}                    | self-intersection self-intersection | 10 5;15 5
            zero-area ring            | {"type":"Polygon","coordinates":[[[0,0],[5,0],[10,0],[0,0]]]}                                                   | self-intersection self-intersection | 0 0;5 0
            hole outside shell        | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[20,20],[21,20],[21,21],[20,20]]]}        | hole-outside-shell           | 20 20
            nested holes              | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[1,1],[9,1],[9,9],[1,9],[1,1]],[[2,2],[3,2],[3,3],[2,2]]]} | nested-holes |
            nested shells             | {"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}       | nested-shells                |
            overlapping parts         | {"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[5,5],[15,5],[15,15],[5,15],[5,5]]]]} | overlapping-polygons      |
            one duplicate point       | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,0],[10,10],[0,10],[0,0]]]}                                   | duplicate-consecutive-points | 10 0
            two duplicate runs        | {"type":"Polygon","coordinates":[[[0,0],[0,0],[10,0],[10,10],[10,10],[0,10],[0,0]]]}                            | duplicate-consecutive-points duplicate-consecutive-points | 0 0;10 10
            unclosed ring             | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10]]]}                                                | ring-not-closed              | 0 0
            3 positions               | {"type":"Polygon","coordinates":[[[0,0],[10,0],[0,0]]]}                                                         | too-few-points               | 0 0
            empty Polygon             | {"type":"Polygon","coordinates":[]}                                                                             | empty                        |
            empty MultiPolygon        | {"type":"MultiPolygon","coordinates":[]}                                                                        | empty                        |
            NaN                       | {"type":"Polygon","coordinates":[[[NaN,0],[1,0],[1,1],[NaN,0]]]}                                                | non-finite-coordinate non-finite-coordinate |
            Infinity                  | {"type":"Polygon","coordinates":[[[0,0],[Infinity,0],[1,1],[0,0]]]}                                             | non-finite-coordinate        |
            1e400                     | {"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]}                                                | non-finite-coordinate        |
            huge finite degrees       | {"type":"Polygon","coordinates":[[[0,0],[1e300,0],[1,1],[0,0]]]}                                                | coordinate-out-of-range      |
            GeometryCollection        | {"type":"GeometryCollection","geometries":[]}                                                                   | unsupported-geometry-type    |
            Point                     | {"type":"Point","coordinates":[0,0]}                                                                            | unsupported-geometry-type    |
            LineString                | {"type":"LineString","coordinates":[[0,0],[1,1]]}                                                               | unsupported-geometry-type    |
            no type                   | {"coordinates":[]}                                                                                              | missing-geometry-type        |
            null                      | null                                                                                                            | missing-geometry             |
            text positions            | {"type":"Polygon","coordinates":[[["a","b"],[1,0],[1,1],["a","b"]]]}                                            | malformed-position malformed-position |
            coordinates not an array  | {"type":"Polygon","coordinates":"0 0, 1 1"}                                                                     | malformed-coordinates        |
            """)
    void refusesWithEveryFinding(String name, String geoJson, String rules, String locations) {
        List<GeometryFinding> findings = findings(geoJson, SourceCrs.CRS84);

        assertThat(findings).extracting(GeometryFinding::rule).as(name).containsExactly(rules.split(" "));
        if (locations != null) {
            assertThat(findings.stream()
                            .map(finding -> finding.location()
                                    .map(at -> fmt(at.x) + " " + fmt(at.y))
                                    .orElse("-"))
                            .collect(Collectors.joining(";")))
                    .as(name)
                    .isEqualTo(locations);
        }
        for (GeometryFinding finding : findings) {
            assertThat(finding.message(Locale.ENGLISH)).isNotBlank().doesNotContain("%s");
            assertThat(finding.message(Locale.forLanguageTag("es-MX")))
                    .isNotBlank()
                    .doesNotContain("%s");
        }
    }

    @Test
    void swappedLatitudeAndLongitudeNearOaxacaGetAHint() {
        List<GeometryFinding> findings = findings(
                "{\"type\":\"Polygon\",\"coordinates\":[[[17.03,-96.73],[17.03,-96.72],[17.04,-96.72],[17.03,-96.73]]]}",
                SourceCrs.CRS84);

        assertThat(findings).extracting(GeometryFinding::rule).containsOnly("coordinate-out-of-range");
        assertThat(findings.get(0).where()).containsEntry("hint", "axis-order");
        assertThat(findings.get(0).message(Locale.ENGLISH)).contains("longitude first");
        assertThat(findings.get(0).message(Locale.forLanguageTag("es"))).contains("primero la longitud");
    }

    @Test
    void aLatitudeFirstCrsIsReadIntoLongitudeFirst() throws Exception {
        MultiPolygon read = GeometryInput.read(
                        json.readTree(
                                "{\"type\":\"Polygon\",\"coordinates\":[[[17.0,-96.7],[17.0,-96.69],[17.01,-96.69],[17.0,-96.7]]]}"),
                        new SourceCrs(4326, true, true),
                        GeometryLimits.DEFAULT)
                .geometry();

        assertThat(read.equalsExact(
                        new WKTReader().read("MULTIPOLYGON (((-96.7 17, -96.69 17, -96.69 17.01, -96.7 17)))")))
                .isTrue();
    }

    @Test
    void projectedMetresAreNotRangeChecked() {
        GeometryInput.Parsed parsed = GeometryInput.read(json.readTree("""
                        {"type":"Polygon","coordinates":[[[3062440,573010],[3062540,573010],[3062540,573110],[3062440,573010]]]}"""), LCC_MEXICO, GeometryLimits.DEFAULT);

        assertThat(parsed.geometry().getSRID()).isEqualTo(6372);
        assertThat(parsed.geometry().getArea()).isEqualTo(5_000);
    }

    @Test
    void tooManyVerticesIsRefusedBeforeAnyCostlyCheck() {
        String ring = IntStream.range(0, 100_000)
                .mapToObj(i -> {
                    double angle = 2 * Math.PI * i / 100_000;
                    return "[" + Math.cos(angle) + "," + Math.sin(angle) + "]";
                })
                .collect(Collectors.joining(","));
        String geoJson = "{\"type\":\"Polygon\",\"coordinates\":[[" + ring + ",[1.0,0.0]]]}";

        List<GeometryFinding> findings = findings(geoJson, SourceCrs.CRS84);

        assertThat(findings).extracting(GeometryFinding::rule).containsExactly("too-many-vertices");
        assertThat(findings.get(0).message(Locale.ENGLISH)).contains("100001").contains("20000");
    }

    @Test
    void heightsAndMeasuresAreDroppedWithWarnings() {
        GeometryInput.Parsed parsed =
                read("{\"type\":\"Polygon\",\"coordinates\":[[[0,0,5,1],[10,0,5,1],[10,10,5,1],[0,0,5,1]]]}");

        assertThat(parsed.warnings()).extracting(GeometryFinding::rule).containsExactly("z-dropped", "m-dropped");
        assertThat(parsed.geometry().getCoordinate().getZ()).isNaN();
    }

    @Test
    void validPolygonsWithHolesAndMultiPolygonsRead() throws Exception {
        MultiPolygon withHole = read("""
                {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}""").geometry();
        MultiPolygon twoParts = read("""
                {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}""").geometry();

        assertThat(withHole.getArea()).isEqualTo(96);
        assertThat(withHole.getSRID()).isEqualTo(4326);
        assertThat(twoParts.getNumGeometries()).isEqualTo(2);
        assertThat(twoParts.equalsExact(
                        new WKTReader().read("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")))
                .isTrue();
    }

    @Test
    void everyRuleHasAMessageInSpanishAndEnglish() {
        GeometryMessages.TEMPLATES.forEach((rule, templates) -> {
            assertThat(templates).as(rule).hasSize(2);
            assertThat(templates[0]).as(rule + " es").isNotBlank().isNotEqualTo(templates[1]);
            assertThat(templates[1]).as(rule + " en").isNotBlank();
        });
    }

    @Test
    void findingsComeInAStableOrder() {
        String geoJson =
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[4,4],[8,0],[12,4],[12,0],[8,4],[4,0],[0,4],[0,0]]]}";

        assertThat(findings(geoJson, SourceCrs.CRS84)).isEqualTo(findings(geoJson, SourceCrs.CRS84));
    }

    @Test
    void aRepairFixesABowtieAndRemovesRepeatsButLeavesAValidShapeAlone() throws Exception {
        WKTReader wkt = new WKTReader(Geometries.FACTORY);
        MultiPolygon bowtie = (MultiPolygon) wkt.read("MULTIPOLYGON (((0 0, 10 10, 10 0, 0 10, 0 0)))");
        MultiPolygon repeats = (MultiPolygon) wkt.read("MULTIPOLYGON (((0 0, 10 0, 10 0, 10 10, 0 10, 0 0)))");
        MultiPolygon valid = (MultiPolygon) wkt.read("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)))");

        MultiPolygon fixedBowtie = GeometryRepair.repair(bowtie).orElseThrow();
        MultiPolygon fixedRepeats = GeometryRepair.repair(repeats).orElseThrow();

        assertThat(GeometryInput.validate(fixedBowtie)).isEmpty();
        assertThat(fixedBowtie.getArea()).isEqualTo(50);
        assertThat(GeometryInput.validate(fixedRepeats)).isEmpty();
        assertThat(fixedRepeats.getNumPoints()).isEqualTo(5);
        MultiPolygon untouched = GeometryRepair.repair(valid).orElseThrow();
        untouched.normalize();
        valid.normalize();
        assertThat(untouched.equalsExact(valid)).isTrue();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
