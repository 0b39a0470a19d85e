import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Where should a parcel tile be cut and encoded: in PostGIS (ST_AsMVTGeom + ST_AsMVT, what the service
 * does) or in Java (fetch the stored Web Mercator geometries as WKB, then simplify, clip, quantise and
 * encode with JTS and mapbox-vector-tile-java, as MapServer-style servers do)? Both paths make the
 * service's "parcels" layer for the same tiles on the same connection; the medians are printed per zoom.
 *
 * <p>Run by {@code run.sh tiles}, or by hand from the repository root:
 *
 * <pre>
 * java -cp target/tierra.jar:$MVT_JAR:$PROTOBUF_JAR src/bench/TileEncodingBench.java JDBC_URL USER PASSWORD [rounds]
 * </pre>
 */
public class TileEncodingBench {

    private static final double WORLD = 40_075_016.686;

    /** The service's parcels layer (TileRoutes), alone. */
    private static final String IN_POSTGIS = """
            WITH bounds AS (
                SELECT ST_TileEnvelope(?, ?, ?) AS mercator, ST_TileEnvelope(?, ?, ?, margin => 64.0 / 4096) AS search
            )
            SELECT ST_AsMVT(tile, 'parcels', 4096, 'geom', 'id')
            FROM (
                SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory",
                       p.land_use AS "landUse", p.status,
                       round(p.area_m2::numeric, 2)::float8 AS "areaSquareMetres",
                       round((p.area_m2 / 10000)::numeric, 4)::float8 AS "areaHectares",
                       round(p.perimeter_m::numeric, 2)::float8 AS "perimeterMetres",
                       ST_AsMVTGeom(CASE WHEN ? < 14 THEN ST_Simplify(p.geom_3857, ?, true) ELSE p.geom_3857 END,
                                    bounds.mercator, 4096, 64, true) AS geom
                FROM parcel p JOIN trust t ON t.id = p.trust_id CROSS JOIN bounds
                WHERE p.status <> 'retired' AND p.geom_3857 && bounds.search
                ORDER BY p.id
            ) tile
            WHERE geom IS NOT NULL
            """;

    /** The same parcels and attributes, with their plain stored geometry, for Java to cut. */
    private static final String PLAIN = """
            SELECT p.id, p.code, p.name, t.code, p.tenure_category, p.land_use, p.status,
                   round(p.area_m2::numeric, 2)::float8, round((p.area_m2 / 10000)::numeric, 4)::float8,
                   round(p.perimeter_m::numeric, 2)::float8, ST_AsBinary(p.geom_3857)
            FROM parcel p JOIN trust t ON t.id = p.trust_id
            WHERE p.status <> 'retired' AND p.geom_3857 && ST_TileEnvelope(?, ?, ?, margin => 64.0 / 4096)
            ORDER BY p.id
            """;

    private static final String[] NAMES = {
        "code", "name", "trust", "tenureCategory", "landUse", "status", "areaSquareMetres", "areaHectares",
        "perimeterMetres"
    };

    record Tile(int z, int x, int y) {
        Envelope envelope() {
            double size = WORLD / (1 << z);
            double west = -WORLD / 2 + x * size;
            double north = WORLD / 2 - y * size;
            return new Envelope(west, west + size, north - size, north);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            List<double[]> centres = townCentres(connection);
            System.out.printf("| zoom | tiles | PostGIS ST_AsMVT p50 | Java (JTS + mapbox-vector-tile-java) p50 | Java / PostGIS |%n");
            System.out.printf("|---|---|---|---|---|%n");
            for (int z : new int[] {12, 14, 16}) {
                List<Tile> tiles = new ArrayList<>();
                for (double[] centre : centres) {
                    tiles.add(tileAt(centre[0], centre[1], z));
                }
                measure(connection, tiles, rounds);
            }
        }
    }

    /** The centre of each trust's parcels, in Web Mercator: tiles there hold the densest parcels. */
    private static List<double[]> townCentres(Connection connection) throws SQLException {
        List<double[]> centres = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT ST_X(c), ST_Y(c)
                        FROM (SELECT ST_Centroid(ST_Extent(geom_3857)::geometry) c FROM parcel GROUP BY trust_id
                              ORDER BY trust_id LIMIT 20) x""");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                centres.add(new double[] {rows.getDouble(1), rows.getDouble(2)});
            }
        }
        return centres;
    }

    private static Tile tileAt(double x, double y, int z) {
        double size = WORLD / (1 << z);
        return new Tile(z, (int) Math.floor((x + WORLD / 2) / size), (int) Math.floor((WORLD / 2 - y) / size));
    }

    private static void measure(Connection connection, List<Tile> tiles, int rounds) throws Exception {
        for (Tile tile : tiles) { // warm both paths: plans, caches, JIT
            inPostgis(connection, tile);
            inJava(connection, tile);
        }
        long[] postgis = new long[rounds * tiles.size()];
        long[] java = new long[rounds * tiles.size()];
        int i = 0;
        long postgisBytes = 0;
        long javaBytes = 0;
        for (int round = 0; round < rounds; round++) {
            for (Tile tile : tiles) {
                long start = System.nanoTime();
                postgisBytes += inPostgis(connection, tile).length;
                long middle = System.nanoTime();
                javaBytes += inJava(connection, tile).length;
                long end = System.nanoTime();
                postgis[i] = middle - start;
                java[i] = end - middle;
                i++;
            }
        }
        double postgisMedian = median(postgis);
        double javaMedian = median(java);
        System.out.printf(
                "| %d | %d (%.0f kB vs %.0f kB per tile) | %.2f ms | %.2f ms | %.2f |%n",
                tiles.get(0).z(),
                tiles.size(),
                postgisBytes / 1024.0 / i,
                javaBytes / 1024.0 / i,
                postgisMedian,
                javaMedian,
                javaMedian / postgisMedian);
    }

    private static double median(long[] nanos) {
        long[] sorted = Arrays.copyOf(nanos, nanos.length);
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static byte[] inPostgis(Connection connection, Tile tile) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(IN_POSTGIS)) {
            int p = 1;
            for (int repeat = 0; repeat < 2; repeat++) {
                statement.setInt(p++, tile.z());
                statement.setInt(p++, tile.x());
                statement.setInt(p++, tile.y());
            }
            statement.setInt(p++, tile.z());
            statement.setDouble(p, WORLD / (1 << tile.z()) / 4096);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                byte[] bytes = row.getBytes(1);
                return bytes == null ? new byte[0] : bytes;
            }
        }
    }

    private static byte[] inJava(Connection connection, Tile tile) throws SQLException, ParseException {
        GeometryFactory factory = new GeometryFactory();
        WKBReader wkb = new WKBReader(factory);
        MvtLayerParams params = new MvtLayerParams(4096);
        Envelope envelope = tile.envelope();
        double unit = envelope.getWidth() / 4096;
        Envelope clip = new Envelope(envelope);
        clip.expandBy(64 * unit);
        List<Geometry> features = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PLAIN)) {
            statement.setInt(1, tile.z());
            statement.setInt(2, tile.x());
            statement.setInt(3, tile.y());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Geometry geometry = wkb.read(rows.getBytes(11));
                    if (tile.z() < 14) {
                        geometry = DouglasPeuckerSimplifier.simplify(geometry, unit);
                    }
                    Geometry cut = JtsAdapter.createTileGeom(geometry, envelope, clip, factory, params, null);
                    if (cut == null || cut.isEmpty()) {
                        continue;
                    }
                    Map<String, Object> attributes = new LinkedHashMap<>();
                    for (int column = 0; column < NAMES.length; column++) {
                        Object value = rows.getObject(column + 2);
                        if (value != null) {
                            attributes.put(NAMES[column], value);
                        }
                    }
                    attributes.put("id", rows.getLong(1)); // the converter takes the feature id from here
                    cut.setUserData(attributes);
                    features.add(cut);
                }
            }
        }
        return MvtEncoder.encode(
                new JtsMvt(new JtsLayer("parcels", features, 4096)),
                params,
                new UserDataKeyValueMapConverter("id"));
    }
}
