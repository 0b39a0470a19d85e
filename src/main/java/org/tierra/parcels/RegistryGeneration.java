package org.tierra.parcels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;

/**
 * Where the registry's parcels stand: a counter that every committed parcel change raises (migration
 * V4), and the instant of the latest change. Caches key on the counter; paged reads pin the instant.
 */
public record RegistryGeneration(long generation, Instant changedAt) {

    private static final String CURRENT = "SELECT generation, changed_at FROM registry_generation";

    public static RegistryGeneration current(Database database) {
        return database.withConnection(RegistryGeneration::current);
    }

    /** The same, on a connection the caller already holds (one round trip, no second borrow from the pool). */
    public static RegistryGeneration current(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return new RegistryGeneration(row.getLong(1), row.getTimestamp(2).toInstant());
        } catch (SQLException e) {
            throw new DatabaseException(CURRENT, e);
        }
    }
}
