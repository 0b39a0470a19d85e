package org.tierra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tierra.config.TierraConfig;

/** A migrated database of the test cluster, with helpers for checking what tests wrote. */
public record TestDatabase(String jdbcUrl, String user, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Runs statements (DDL or DML) as the superuser, as a test fixture: parcel changes are recorded
     * with actor {@code test} and reason {@code test fixture}.
     */
    public void execute(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('tierra.actor', 'test', false),"
                    + " set_config('tierra.reason', 'test fixture', false)");
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row of {@code sql}, as text. */
    public List<String> queryColumn(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long queryLong(String sql) {
        return Long.parseLong(queryColumn(sql).get(0));
    }

    /** The demo accounts' password in tests. */
    public static final String DEMO_PASSWORD = "contraseña-de-prueba-2026";

    /** A configuration that points Tierra at this database, on a free port. */
    public TierraConfig config(boolean loadDemo) {
        return config(loadDemo, Map.of());
    }

    /** The same, with more settings (environment variable names) on top. */
    public TierraConfig config(boolean loadDemo, Map<String, String> more) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "TIERRA_DB_URL", jdbcUrl,
                "TIERRA_DB_USER", user,
                "TIERRA_DB_PASSWORD", password,
                "TIERRA_PORT", "0",
                "TIERRA_DEMO", Boolean.toString(loadDemo),
                "TIERRA_DEMO_PASSWORD", DEMO_PASSWORD,
                "TIERRA_DATA_DIR", TestPostgres.emptyDirectory("app").toString()));
        environment.putAll(more);
        return TierraConfig.from(environment, List.of());
    }
}
