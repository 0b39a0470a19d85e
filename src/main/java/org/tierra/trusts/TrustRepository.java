package org.tierra.trusts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/** Reads and writes trusts; every method works on the caller's connection, so it joins its transaction. */
public final class TrustRepository {

    private TrustRepository() {}

    public static Optional<Trust> findTrustByCode(Connection connection, String code) {
        return Sql.on(connection, """
                        SELECT id, code, name, kind
                        FROM trust
                        WHERE code = :code
                        """).bind("code", code).find(TrustRepository::trustFrom);
    }

    public static Optional<Trust> findTrustById(Connection connection, long id) {
        return Sql.on(connection, """
                        SELECT id, code, name, kind
                        FROM trust
                        WHERE id = :id
                        """).bind("id", id).find(TrustRepository::trustFrom);
    }

    /** Overlaps between the trust's active parcels up to this area (m²) are accepted as survey noise. */
    public static double overlapToleranceSquareMetres(Connection connection, long trustId) {
        return Sql.on(connection, "SELECT overlap_tolerance_m2 FROM trust WHERE id = :id")
                .bind("id", trustId)
                .get(row -> row.getDouble("overlap_tolerance_m2"));
    }

    /** Inserts a trust and returns it with its id. */
    public static Trust createTrust(Connection connection, NewTrust trust) {
        long id = Sql.on(connection, """
                        INSERT INTO trust (code, name, kind)
                        VALUES (:code, :name, :kind)
                        RETURNING id
                        """)
                .bind("code", trust.code())
                .bind("name", trust.name())
                .bind("kind", trust.kind())
                .get(row -> row.getLong("id"));
        return new Trust(id, trust.code(), trust.name(), trust.kind());
    }

    /** Serialises changes to the trust's memberships until the caller's transaction ends. */
    public static void lockTrust(Connection connection, long trustId) {
        Sql.on(connection, "SELECT id FROM trust WHERE id = :id FOR UPDATE")
                .bind("id", trustId)
                .execute();
    }

    /** A trust as the public list shows it, with the number of its parcels not retired. */
    public record TrustSummary(String code, String name, Trust.Kind kind, long parcels) {}

    static List<TrustSummary> listTrusts(Connection connection) {
        return Sql.on(connection, """
                        SELECT t.code, t.name, t.kind, count(p.id) FILTER (WHERE p.status <> 'retired') AS parcels
                        FROM trust t
                        LEFT JOIN parcel p ON p.trust_id = t.id
                        GROUP BY t.id
                        ORDER BY t.code
                        """)
                .list(row -> new TrustSummary(
                        row.getString("code"),
                        row.getString("name"),
                        row.getCode("kind", Trust.Kind.class),
                        row.getLong("parcels")));
    }

    public static long countTrusts(Connection connection) {
        return Sql.on(connection, "SELECT count(*) AS trusts FROM trust").get(row -> row.getLong("trusts"));
    }

    private static Trust trustFrom(Row row) throws SQLException {
        return new Trust(
                row.getLong("id"), row.getString("code"), row.getString("name"), row.getCode("kind", Trust.Kind.class));
    }
}
