package org.tierra.money;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/**
 * The currencies Tierra accepts (table {@code currency}, ISO 4217) and the decimals their amounts
 * carry: what leases, the ledger, resale prices and improvement values all round and check against.
 */
public final class Currencies {

    private Currencies() {}

    private static final String MINOR_UNITS = "SELECT minor_units FROM currency WHERE code = ?";

    /** The decimals amounts in {@code currency} carry (0 to 2), when Tierra accepts the currency. */
    public static Optional<Integer> findMinorUnits(Connection connection, String currency) {
        try (PreparedStatement statement = connection.prepareStatement(MINOR_UNITS)) {
            statement.setString(1, currency);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(MINOR_UNITS, e);
        }
    }
}
