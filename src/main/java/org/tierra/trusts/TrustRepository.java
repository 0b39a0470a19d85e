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

    private static final String FIND_BY_ID = """
            SELECT id, code, name, kind
            FROM trust
            WHERE id = ?
            """;

    public static Optional<Trust> findTrustById(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_BY_ID)) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(trustFrom(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_BY_ID, e);
        }
    }

    private static final String TOLERANCE = "SELECT overlap_tolerance_m2 FROM trust WHERE id = ?";

    /** Overlaps between the trust's active parcels up to this area (m²) are accepted as survey noise. */
    public static double overlapToleranceSquareMetres(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(TOLERANCE)) {
            statement.setLong(1, trustId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getDouble(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(TOLERANCE, e);
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

    private static final String LOCK = "SELECT 1 FROM trust WHERE id = ? FOR UPDATE";

    /** Serialises changes to the trust's memberships until the caller's transaction ends. */
    public static void lockTrust(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setLong(1, trustId);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(LOCK, e);
        }
    }

    /** A trust as the public list shows it. */
    public record TrustSummary(String code, String name, Trust.Kind kind, long parcels) {}

    private static final String LIST = """
            SELECT t.code, t.name, t.kind, count(p.id) FILTER (WHERE p.status <> 'retired') AS parcels
            FROM trust t
            LEFT JOIN parcel p ON p.trust_id = t.id
            GROUP BY t.id
            ORDER BY t.code
            """;

    public static java.util.List<TrustSummary> listTrusts(Connection connection) {
        java.util.List<TrustSummary> trusts = new java.util.ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                trusts.add(new TrustSummary(
                        rows.getString("code"),
                        rows.getString("name"),
                        Trust.Kind.fromCode(rows.getString("kind")),
                        rows.getLong("parcels")));
            }
        } catch (SQLException e) {
            throw new DatabaseException(LIST, e);
        }
        return trusts;
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
