package org.tierra.ogcapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tierra.ogcapi.cql2.Queryable;

/**
 * A feature collection the OGC API serves, described as data: its public properties (each a trusted
 * SQL expression over the row {@code p} and its trust {@code t}), what may be filtered and sorted, and
 * the SQL that gives its rows at an instant or over an interval. Nothing here holds personal data.
 *
 * @param from the rows, one per feature, as {@code p} (and the trust as {@code t} where there is one);
 *     {@code null} for a temporal collection that reads an instant as an interval of that one instant
 *     through {@code fromDuring} (its features are made from others', such as a trust's from its parcels)
 * @param whereAt the condition for the features as they were at an instant: for a temporal collection
 *     it binds the instant twice; otherwise it binds nothing; {@code null} when {@code from} is
 * @param fromDuring for a temporal collection, the rows valid during an interval, each feature in its
 *     latest state then (binds the interval's end, then its start); {@code null} otherwise
 */
public record OgcCollection(
        String id,
        String title,
        String description,
        Map<String, String> properties,
        Map<String, Queryable> queryables,
        Map<String, String> sortables,
        String idColumn,
        String geometryColumn,
        String from,
        String whereAt,
        String fromDuring) {

    public OgcCollection {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        queryables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queryables));
        sortables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sortables));
    }

    /**
     * The queryables that are query parameters of the items route too (Part 3, queryables as query
     * parameters): each text and whole-number queryable, matched by equality. GDAL's OAPIF driver sends
     * {@code -where "landUse = 'agricultural'"} as {@code landUse=agricultural} when the API definition
     * lists the parameter.
     */
    public Map<String, Queryable> queryParameters() {
        Map<String, Queryable> parameters = new LinkedHashMap<>();
        queryables.forEach((name, queryable) -> {
            if (queryable.type() == Queryable.Type.STRING || queryable.type() == Queryable.Type.INTEGER) {
                parameters.put(name, queryable);
            }
        });
        return parameters;
    }

    public boolean temporal() {
        return fromDuring != null;
    }

    /** The public registry of parcels: geometry, code, category, land use, area; never a person. */
    public static final OgcCollection PARCELS = new OgcCollection(
            "parcels",
            "Parcels",
            "Land held by community land trusts and ejidos: boundaries, codes, tenure categories, land uses and"
                    + " areas. Retired parcels are left out unless datetime asks for the past. No personal data.",
            ordered(
                    "code", "p.code",
                    "name", "p.name",
                    "trust", "t.code",
                    "tenureCategory", "p.tenure_category",
                    "landUse", "p.land_use",
                    "status", "p.status",
                    "version", "p.version",
                    "areaSquareMetres", "round(p.area_m2::numeric, 2)",
                    "areaHectares", "round((p.area_m2 / 10000)::numeric, 4)",
                    "perimeterMetres", "round(p.perimeter_m::numeric, 2)",
                    "validFrom", "p.valid_from"),
            queryables(
                    new Queryable("code", Queryable.Type.STRING, "p.code", "The parcel's code, unique in its trust"),
                    new Queryable("name", Queryable.Type.STRING, "p.name", "The parcel's name"),
                    new Queryable("trust", Queryable.Type.STRING, "t.code", "The code of the trust that holds it"),
                    new Queryable(
                            "tenureCategory",
                            Queryable.Type.STRING,
                            "p.tenure_category",
                            "clt_leasehold, clt_trust_held, parcela_ejidal, tierra_uso_comun, solar_urbano, ..."),
                    new Queryable(
                            "landUse",
                            Queryable.Type.STRING,
                            "p.land_use",
                            "residential, agricultural, pasture, forest, commercial, community, conservation"),
                    new Queryable("status", Queryable.Type.STRING, "p.status", "proposed, active, disputed"),
                    new Queryable("version", Queryable.Type.INTEGER, "p.version", "The version of the parcel's record"),
                    new Queryable("areaSquareMetres", Queryable.Type.NUMBER, "p.area_m2", "Geodesic area, m²"),
                    new Queryable("areaHectares", Queryable.Type.NUMBER, "(p.area_m2 / 10000)", "Geodesic area, ha"),
                    new Queryable("geometry", Queryable.Type.GEOMETRY, "p.geom", "The boundary"),
                    Queryable.interval(
                            "validTime",
                            "p.valid_from",
                            "(p.valid_to - interval '1 microsecond')",
                            "When the registry held this state of the parcel")),
            ordered(
                    "code", "p.code",
                    "name", "coalesce(p.name, '')",
                    "trust", "t.code",
                    "tenureCategory", "p.tenure_category",
                    "landUse", "p.land_use",
                    "status", "p.status",
                    "areaSquareMetres", "p.area_m2",
                    "areaHectares", "p.area_m2"),
            "p.parcel_id",
            "p.geom",
            """
            FROM parcel_version p
            JOIN trust t ON t.id = p.trust_id
            """,
            "p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?) AND p.status <> 'retired'",
            """
            FROM (SELECT DISTINCT ON (v.parcel_id) v.*
                  FROM parcel_version v
                  WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?) AND v.status <> 'retired'
                  ORDER BY v.parcel_id, v.version DESC) p
            JOIN trust t ON t.id = p.trust_id
            """);

    /**
     * The trusts, each as the convex hull of its parcels that were not retired at the time asked for (now,
     * by default): the trust's extent and parcel count then.
     */
    public static final OgcCollection TRUSTS = new OgcCollection(
            "trusts",
            "Trusts",
            "Community land trusts, ejidos and comunidades in the registry, each drawn as the extent (convex hull)"
                    + " of its parcels at the time asked for (datetime; now by default), with their number.",
            ordered("code", "p.code", "name", "p.name", "kind", "p.kind", "parcels", "p.parcels"),
            queryables(
                    new Queryable("code", Queryable.Type.STRING, "p.code", "The trust's code"),
                    new Queryable("name", Queryable.Type.STRING, "p.name", "The trust's name"),
                    new Queryable(
                            "kind",
                            Queryable.Type.STRING,
                            "p.kind",
                            "community_land_trust, ejido, comunidad_agraria, other"),
                    new Queryable("parcels", Queryable.Type.INTEGER, "p.parcels", "Number of parcels"),
                    new Queryable("geometry", Queryable.Type.GEOMETRY, "p.geom", "The extent of the trust's parcels")),
            ordered("code", "p.code", "name", "p.name", "kind", "p.kind", "parcels", "p.parcels"),
            "p.id",
            "p.geom",
            null,
            null,
            """
            FROM (SELECT t.id, t.code, t.name, t.kind, count(*) AS parcels,
                         ST_Multi(ST_CollectionExtract(ST_ConvexHull(ST_Collect(v.geom)), 3)) AS geom
                  FROM trust t
                  JOIN (SELECT DISTINCT ON (v.parcel_id) v.trust_id, v.geom
                        FROM parcel_version v
                        WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?) AND v.status <> 'retired'
                        ORDER BY v.parcel_id, v.version DESC) v ON v.trust_id = t.id
                  GROUP BY t.id) p
            """);

    public static final List<OgcCollection> ALL = List.of(PARCELS, TRUSTS);

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, Queryable> queryables(Queryable... queryables) {
        Map<String, Queryable> map = new LinkedHashMap<>();
        for (Queryable queryable : queryables) {
            map.put(queryable.name(), queryable);
        }
        return map;
    }
}
