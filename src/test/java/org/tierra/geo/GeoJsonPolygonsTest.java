package org.tierra.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.WKTReader;
import tools.jackson.databind.json.JsonMapper;

/** Table-driven: GeoJSON geometries in, a valid MultiPolygon or a named rule out. */
class GeoJsonPolygonsTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static MultiPolygon read(String geoJson) {
        return GeoJsonPolygons.read(json.readTree(geoJson));
    }

    @Test
    void readsAPolygonAsAOnePartMultiPolygonInLonLat() throws Exception {
        MultiPolygon parcel = read("""
                {"type":"Polygon","coordinates":[[[-96.7,17.0],[-96.69,17.0],[-96.69,17.01],[-96.7,17.0]]]}""");

        assertThat(parcel.getSRID()).isEqualTo(4326);
        assertThat(parcel.equalsExact(
                        new WKTReader().read("MULTIPOLYGON (((-96.7 17, -96.69 17, -96.69 17.01, -96.7 17)))")))
                .isTrue();
    }

    @Test
    void readsAMultiPolygonWithAHoleAndDropsZ() throws Exception {
        MultiPolygon parcel = read("""
                {"type":"MultiPolygon","coordinates":[
                  [[[0,0,5],[10,0,5],[10,10,5],[0,10,5],[0,0,5]],[[2,2],[2,4],[4,4],[4,2],[2,2]]],
                  [[[20,0],[30,0],[30,10],[20,0]]]]}""");

        assertThat(parcel.getNumGeometries()).isEqualTo(2);
        assertThat(parcel.getCoordinate().getZ()).isNaN();
        assertThat(parcel.getArea()).isEqualTo(100 - 4 + 50);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bowtie                 | {"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}                               | self-intersection         | 5.0 | 5.0
            ring not closed        | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10]]]}                                     | ring-not-closed           | 0.0 | 0.0
            three positions        | {"type":"Polygon","coordinates":[[[0,0],[10,0],[0,0]]]}                                              | too-few-points            | 0.0 | 0.0
            zero-area ring         | {"type":"Polygon","coordinates":[[[0,0],[5,0],[10,0],[0,0]]]}                                        | self-intersection            |     |
            hole outside shell     | {"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[20,20],[21,20],[21,21],[20,20]]]} | hole-outside-shell    | 20.0 | 20.0
            nested shells          | {"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]} | nested-shells         |     |
            lat/lon swapped        | {"type":"Polygon","coordinates":[[[17.0,-96.7],[17.01,-96.7],[17.01,-96.69],[17.0,-96.7]]]}          | coordinate-out-of-range   |     |
            huge coordinate        | {"type":"Polygon","coordinates":[[[1e400,0],[1,0],[1,1],[1e400,0]]]}                                 | non-finite-coordinate     |     |
            point                  | {"type":"Point","coordinates":[0,0]}                                                                 | unsupported-geometry-type |     |
            geometry collection    | {"type":"GeometryCollection","geometries":[]}                                                        | unsupported-geometry-type |     |
            no type                | {"coordinates":[]}                                                                                   | missing-geometry-type     |     |
            null                   | null                                                                                                 | missing-geometry          |     |
            empty polygon          | {"type":"Polygon","coordinates":[]}                                                                  | empty                     |     |
            empty multipolygon     | {"type":"MultiPolygon","coordinates":[]}                                                             | empty                     |     |
            text coordinates       | {"type":"Polygon","coordinates":[[["a","b"],[1,0],[1,1],["a","b"]]]}                                 | malformed-position        |     |
            one-number position    | {"type":"Polygon","coordinates":[[[1],[1,0],[1,1],[1]]]}                                             | malformed-position        |     |
            coordinates not array  | {"type":"Polygon","coordinates":"0 0, 1 1"}                                                          | malformed-coordinates     |     |
            """)
    void reportsTheRuleAndWhere(String name, String geoJson, String rule, Double lon, Double lat) {
        GeometryInputException error = catchThrowableOfType(GeometryInputException.class, () -> read(geoJson));

        assertThat(error).as(name).isNotNull();
        assertThat(error.problem().rule()).isEqualTo(rule);
        assertThat(error.problem().message()).isNotBlank();
        if (lon != null) {
            assertThat(error.problem().location()).hasValueSatisfying(at -> {
                assertThat(at.x).isEqualTo(lon);
                assertThat(at.y).isEqualTo(lat);
            });
        }
    }

    @Test
    void swappedAxesGetAHint() {
        GeometryInputException error = catchThrowableOfType(GeometryInputException.class, () -> read("""
                {"type":"Polygon","coordinates":[[[17.0,-96.7],[17.01,-96.7],[17.01,-96.69],[17.0,-96.7]]]}"""));

        assertThat(error.getMessage()).contains("swapped");
    }
}
