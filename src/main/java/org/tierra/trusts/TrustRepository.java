package org.tierra.trusts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/** Reads and writes trusts; every method works on the caller's connection, so it joins its transaction. */
public final class TrustRepository {

    private TrustRepository() {}

    private static final String FIND_BY_CODE = """
            SELECT id, code, name, kind
            FROM trust
            WHERE code = ?
            """;

    public static Optional<Trust> findTrustByCode(Connection connection, String code) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_CODE)) {
            statement.setString(1, code);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(trustFrom(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_BY_CODE, e);
        }
    }

    private static final String INSERT = """
            INSERT INTO trust (code, name, kind)
            VALUES (?, ?, ?)
            RETURNING id
            """;

    /** Inserts a trust and returns it with its id. */
    public static Trust createTrust(Connection connection, String code, String name, Trust.Kind kind) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, code);
            statement.setString(2, name);
            statement.setString(3, kind.code);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Trust(rows.getLong(1), code, name, kind);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT, e);
        }
    }

    private static final String COUNT = "SELECT count(*) FROM trust";

    public static long countTrusts(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement(COUNT);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException(COUNT, e);
        }
    }

    private static Trust trustFrom(ResultSet row) throws SQLException {
        return new Trust(
                row.getLong("id"),
                row.getString("code"),
                row.getString("name"),
                Trust.Kind.fromCode(row.getString("kind")));
    }
}
