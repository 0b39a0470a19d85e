package org.tierra.health;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.RouteGroup;

/**
 * {@code GET /health}: 200 when the service and its database are up, 503 with the same shape when the
 * database cannot be reached. Cheap enough for a load balancer to call every few seconds.
 */
public final class HealthRoutes implements RouteGroup {

    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);

    /** The health report; {@code schemaVersion} and {@code postgis} are null while the database is down. */
    public record Health(String status, String database, String schemaVersion, String postgis, String version) {}

    private final Database database;
    private final String version;

    public HealthRoutes(Database database, String version) {
        this.database = database;
        this.version = version;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/health", this::health, Access.PUBLIC);
    }

    private static final String CHECK = """
            SELECT (SELECT version
                    FROM flyway_schema_history
                    WHERE success
                    ORDER BY installed_rank DESC
                    LIMIT 1) AS schema_version,
                   postgis_lib_version() AS postgis
            """;

    private void health(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Health health;
        try {
            health = database.withConnection(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(CHECK);
                        ResultSet row = statement.executeQuery()) {
                    row.next();
                    return new Health("up", "up", row.getString("schema_version"), row.getString("postgis"), version);
                }
            });
        } catch (DatabaseException e) {
            log.warn("Health check: database down: {}", e.getCause().getMessage());
            health = new Health("down", "down", null, null, version);
        }
        ctx.status("up".equals(health.status()) ? 200 : 503).json(health);
    }
}
