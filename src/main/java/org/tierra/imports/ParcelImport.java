package org.tierra.imports;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.MultiPolygon;
import org.tierra.core.Problem;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.GeometryLimits;
import org.tierra.geo.InvalidGeometryException;
import org.tierra.geo.SourceCrs;
import org.tierra.parcels.ParcelProblem;
import org.tierra.parcels.ParcelStatus;
import org.tierra.parcels.ParcelStore;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;
import tools.jackson.databind.JsonNode;

/**
 * Imports parcels from a GeoJSON FeatureCollection (lon/lat, RFC 7946) into existing trusts.
 *
 * <p>Each feature's properties name its {@code code}, {@code trust} (code), {@code tenureCategory},
 * {@code landUse}, and optionally {@code name} and {@code status} (default {@code active}). The import
 * is all or nothing: every feature is checked first and every problem reported together (422, with
 * the feature's position and code); then all rows are inserted and checked for overlaps with each
 * other and with the trust's parcels (409). It runs on the caller's connection and transaction, which
 * must carry a {@link org.tierra.access.Change} (every parcel gets its first version) and must
 * roll back when this throws.
 */
public final class ParcelImport {

    private static final int MAX_REPORTED_ERRORS = 100;

    /** What the import did: the parcels it created, for the caller to audit. */
    public record Result(List<CreatedParcel> parcels) {
        public int parcelsCreated() {
            return parcels.size();
        }
    }

    /** A parcel the import created. */
    public record CreatedParcel(long id, long trustId, String code) {}

    private record ParcelRow(
            int featureNumber,
            Trust trust,
            String code,
            String name,
            String tenureCategory,
            String landUse,
            ParcelStatus status,
            MultiPolygon geometry) {}

    private final Connection connection;
    private final Map<String, Optional<Trust>> trustsByCode = new HashMap<>();
    private final Set<String> tenureCategories;
    private final Set<String> landUses;
    private final List<Map<String, Object>> errors = new ArrayList<>();

    private ParcelImport(Connection connection) {
        this.connection = connection;
        this.tenureCategories = ParcelStore.listTenureCategories(connection);
        this.landUses = ParcelStore.listLandUses(connection);
    }

    /**
     * Imports {@code featureCollection} within the caller's transaction.
     *
     * @throws Problem 422 listing every invalid feature, or 409 listing the overlaps
     */
    public static Result importFeatureCollection(Connection connection, JsonNode featureCollection) {
        return new ParcelImport(connection).run(featureCollection);
    }

    private Result run(JsonNode featureCollection) {
        if (featureCollection == null
                || !"FeatureCollection".equals(featureCollection.path("type").asString(""))
                || !featureCollection.path("features").isArray()) {
            throw new Problem(
                    ImportProblem.INVALID_IMPORT,
                    "An import is a GeoJSON FeatureCollection: {\"type\":\"FeatureCollection\",\"features\":[...]}.",
                    Map.of());
        }
        JsonNode features = featureCollection.get("features");
        List<ParcelRow> rows = new ArrayList<>();
        Map<String, Integer> firstFeatureByKey = new HashMap<>();
        for (int i = 0; i < features.size() && errors.size() < MAX_REPORTED_ERRORS; i++) {
            readFeature(i + 1, features.get(i)).ifPresent(row -> {
                String key = row.trust().code() + "\u0000" + row.code();
                Integer earlier = firstFeatureByKey.putIfAbsent(key, row.featureNumber());
                if (earlier != null) {
                    error(
                            row.featureNumber(),
                            row.code(),
                            "code",
                            "Code " + row.code() + " is also used by feature " + earlier + " of trust "
                                    + row.trust().code() + ".");
                } else {
                    rows.add(row);
                }
            });
        }
        reportExistingCodes(rows);
        if (!errors.isEmpty()) {
            throw new Problem(
                    ImportProblem.INVALID_IMPORT,
                    errors.size() + " feature problem(s); nothing was imported. Fix them and send the file again.",
                    Map.of("errors", errors));
        }
        List<Long> ids = insert(rows);
        rejectOverlaps(ids);
        List<CreatedParcel> created = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            created.add(new CreatedParcel(
                    ids.get(i), rows.get(i).trust().id(), rows.get(i).code()));
        }
        return new Result(created);
    }

    private Optional<ParcelRow> readFeature(int number, JsonNode feature) {
        if (feature == null
                || !feature.isObject()
                || !"Feature".equals(feature.path("type").asString(""))) {
            error(number, null, "type", "Each item of \"features\" must be a GeoJSON Feature.");
            return Optional.empty();
        }
        JsonNode properties = feature.path("properties");
        String code = requiredText(number, null, properties, "code");
        String trustCode = requiredText(number, code, properties, "trust");
        String tenureCategory = requiredCode(number, code, properties, "tenureCategory", tenureCategories);
        String landUse = requiredCode(number, code, properties, "landUse", landUses);
        String statusCode = optionalText(number, code, properties, "status").orElse(ParcelStatus.ACTIVE.databaseCode());
        Optional<ParcelStatus> status = ParcelStatus.findSettable(statusCode);
        if (status.isEmpty()) {
            error(
                    number,
                    code,
                    "status",
                    "status must be one of " + ParcelStatus.listSettable() + ", got '" + statusCode + "'.");
        }
        String name = optionalText(number, code, properties, "name").orElse(null);
        Optional<Trust> trust = trustCode == null ? Optional.empty() : findTrust(number, code, trustCode);
        MultiPolygon geometry = readGeometry(number, code, feature.get("geometry"));
        if (code == null
                || trust.isEmpty()
                || tenureCategory == null
                || landUse == null
                || geometry == null
                || status.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new ParcelRow(number, trust.get(), code, name, tenureCategory, landUse, status.get(), geometry));
    }

    private MultiPolygon readGeometry(int number, String code, JsonNode geometry) {
        try {
            return GeometryInput.read(geometry, SourceCrs.CRS84, GeometryLimits.DEFAULT)
                    .geometry();
        } catch (InvalidGeometryException e) {
            for (GeometryFinding finding : e.findings()) {
                Map<String, Object> error = error(number, code, "geometry", finding.message(Locale.ENGLISH));
                error.put("rule", finding.rule());
                finding.location().ifPresent(at -> error.put("location", List.of(at.x, at.y)));
            }
            return null;
        }
    }

    private Optional<Trust> findTrust(int number, String code, String trustCode) {
        Optional<Trust> trust =
                trustsByCode.computeIfAbsent(trustCode, key -> TrustRepository.findTrustByCode(connection, key));
        if (trust.isEmpty()) {
            error(number, code, "trust", "There is no trust with code '" + trustCode + "'; create it first.");
        }
        return trust;
    }

    private String requiredText(int number, String code, JsonNode properties, String field) {
        Optional<String> value = optionalText(number, code, properties, field);
        if (value.isEmpty() && properties.path(field).isMissingNode()) {
            error(number, code, field, "The property \"" + field + "\" is required.");
        }
        return value.orElse(null);
    }

    private Optional<String> optionalText(int number, String code, JsonNode properties, String field) {
        JsonNode value = properties.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString() || value.asString().isBlank()) {
            error(number, code, field, "The property \"" + field + "\" must be a non-empty text.");
            return Optional.empty();
        }
        return Optional.of(value.asString().strip());
    }

    private String requiredCode(int number, String code, JsonNode properties, String field, Set<String> allowed) {
        String value = requiredText(number, code, properties, field);
        if (value != null && !allowed.contains(value)) {
            error(
                    number,
                    code,
                    field,
                    "\"" + field + "\" must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + value + "'.");
            return null;
        }
        return value;
    }

    private Map<String, Object> error(int number, String code, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("feature", number);
        if (code != null) {
            error.put("code", code);
        }
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
        return error;
    }

    private void reportExistingCodes(List<ParcelRow> rows) {
        Map<Trust, List<ParcelRow>> rowsByTrust = new LinkedHashMap<>();
        rows.forEach(row -> rowsByTrust
                .computeIfAbsent(row.trust(), trust -> new ArrayList<>())
                .add(row));
        rowsByTrust.forEach((trust, trustRows) -> {
            Set<String> existing = new HashSet<>(Sql.on(connection, """
                            SELECT code
                            FROM parcel
                            WHERE trust_id = :trust AND code = ANY (:codes)
                            """)
                    .bind("trust", trust.id())
                    .bind("codes", trustRows.stream().map(ParcelRow::code).toList())
                    .list(row -> row.getString("code")));
            trustRows.stream()
                    .filter(row -> existing.contains(row.code()))
                    .forEach(row -> error(
                            row.featureNumber(),
                            row.code(),
                            "code",
                            "Trust " + trust.code() + " already has a parcel with code " + row.code() + "."));
        });
    }

    private List<Long> insert(List<ParcelRow> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        for (ParcelRow row : rows) {
            ids.add(ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewRow(
                            row.trust().id(),
                            row.code(),
                            Optional.ofNullable(row.name()),
                            row.tenureCategory(),
                            row.landUse(),
                            row.status(),
                            Optional.empty(),
                            row.geometry(),
                            Geometries.WGS84)));
        }
        return ids;
    }

    /** An overlap the import refuses: two parcels of a trust, one of them new, and the overlap's area (m²). */
    record Overlap(String code, String overlaps, double overlapSquareMetres) {}

    /**
     * Refuses the import when a new parcel's interior meets another active parcel of its trust over more
     * than the trust's tolerance. Each pair is named once: new-with-new pairs by ascending id,
     * new-with-existing always.
     */
    private void rejectOverlaps(List<Long> ids) {
        List<Overlap> overlaps = Sql.on(connection, """
                        SELECT parcel, other_parcel, overlap_m2
                        FROM (SELECT a.id AS a_id, b.id AS b_id, a.code AS parcel, b.code AS other_parcel,
                                     ST_Area(ST_Intersection(a.geom, b.geom)::geography) AS overlap_m2,
                                     t.overlap_tolerance_m2 AS tolerance
                              FROM parcel a
                              JOIN trust t ON t.id = a.trust_id
                              JOIN parcel b ON b.trust_id = a.trust_id
                                           AND b.id <> a.id
                                           AND b.status <> 'retired'
                                           AND (b.id > a.id OR NOT b.id = ANY (:ids))
                                           AND ST_Intersects(a.geom, b.geom)
                                           AND ST_Relate(a.geom, b.geom, '2********')
                              WHERE a.id = ANY (:ids)) pairs
                        WHERE overlap_m2 > tolerance
                        ORDER BY a_id, b_id
                        """)
                .bind("ids", ids)
                .list(row -> new Overlap(
                        row.getString("parcel"),
                        row.getString("other_parcel"),
                        Math.round(row.getDouble("overlap_m2") * 100) / 100.0));
        if (!overlaps.isEmpty()) {
            throw new Problem(
                    ParcelProblem.PARCELS_OVERLAP,
                    overlaps.size() + " overlap(s) larger than the trust's tolerance between parcels of the same trust;"
                            + " nothing was imported.",
                    Map.of("overlaps", overlaps));
        }
    }
}
