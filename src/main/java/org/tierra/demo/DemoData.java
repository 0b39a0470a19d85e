package org.tierra.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.imports.ParcelImport;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fictional demo registry near Oaxaca de Juárez: a community land trust and an ejido with their
 * parcels. Loaded into an empty database only, through the same import a user's GeoJSON goes through,
 * in one transaction: a restart or a second instance never duplicates it.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String TRUSTS = "/demo/trusts.json";
    private static final String PARCELS = "/demo/parcels.geojson";
    /** Serialises concurrent first starts on one database; any constant unique to this purpose. */
    private static final long DEMO_LOAD_LOCK = 0x7469_6572_7261_01L;

    private DemoData() {}

    /** Loads the demo registry when the database holds no trust yet; returns whether it did. */
    public static boolean loadIfEmpty(Database database, JsonMapper json) {
        JsonNode trusts = readResource(json, TRUSTS);
        JsonNode parcels = readResource(json, PARCELS);
        return database.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, DEMO_LOAD_LOCK);
                lock.execute();
            } catch (SQLException e) {
                throw new DatabaseException("SELECT pg_advisory_xact_lock(?)", e);
            }
            if (TrustRepository.countTrusts(connection) > 0) {
                return false;
            }
            for (JsonNode trust : trusts) {
                TrustRepository.createTrust(
                        connection,
                        trust.get("code").asString(),
                        trust.get("name").asString(),
                        Trust.Kind.fromCode(trust.get("kind").asString()));
            }
            ParcelImport.Result result = ParcelImport.importFeatureCollection(connection, parcels);
            log.info("Loaded the demo registry: {} trusts, {} parcels", trusts.size(), result.parcelsCreated());
            return true;
        });
    }

    private static JsonNode readResource(JsonMapper json, String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo resource " + name + " is missing from this build");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
