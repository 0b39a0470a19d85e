package org.tierra.parcels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;
import org.tierra.http.JsonBody;

/**
 * The descriptive attributes of a parcel as a client sends them in a Feature's {@code properties}, each
 * checked against the registry's own lists (tenure categories, land uses) before anything is written.
 * Absent attributes stay empty, so that an update changes only what it names.
 */
record ParcelAttributes(
        Optional<String> code,
        Optional<Optional<String>> name,
        Optional<String> tenureCategory,
        Optional<String> landUse,
        Optional<String> status,
        Optional<Optional<String>> notes) {

    static final Set<String> FIELDS = Set.of("code", "name", "tenureCategory", "landUse", "status", "notes");
    /** Statuses a client may set; {@code retired} comes only from retiring, splitting or merging. */
    static final Set<String> SETTABLE_STATUSES = Set.of("proposed", "active", "disputed");

    private static final Pattern CODE = Pattern.compile("\\S(.{0,62}\\S)?");

    /** Reads and checks the attributes present in {@code properties}. */
    static ParcelAttributes read(Connection connection, JsonBody properties) {
        Optional<String> code = properties.optionalText("code");
        code.ifPresent(value -> {
            if (!CODE.matcher(value).matches()) {
                throw Problem.invalidField(
                        "properties.code", "A parcel code has 1 to 64 characters, e.g. P-12 or JAC-001.");
            }
        });
        Optional<String> tenure = properties.optionalText("tenureCategory");
        tenure.ifPresent(value -> requireKnown(connection, "tenure_category", "properties.tenureCategory", value));
        Optional<String> landUse = properties.optionalText("landUse");
        landUse.ifPresent(value -> requireKnown(connection, "land_use", "properties.landUse", value));
        Optional<String> status = properties.optionalText("status");
        status.ifPresent(value -> {
            if (!SETTABLE_STATUSES.contains(value)) {
                throw Problem.invalidField(
                        "properties.status",
                        "'status' is one of " + new TreeSet<>(SETTABLE_STATUSES)
                                + "; a parcel is retired with POST /api/v1/parcels/{id}/retire.");
            }
        });
        return new ParcelAttributes(
                code, clearable(properties, "name"), tenure, landUse, status, clearable(properties, "notes"));
    }

    /** Present and null clears the attribute; absent leaves it as it is. */
    private static Optional<Optional<String>> clearable(JsonBody properties, String field) {
        if (!properties.has(field)) {
            return Optional.empty();
        }
        return Optional.of(properties.optionalText(field));
    }

    /** The new row: these attributes over {@code current}. */
    ParcelStore.ParcelRow over(ParcelStore.ParcelRow current) {
        return new ParcelStore.ParcelRow(
                current.id(),
                current.trustId(),
                code.orElse(current.code()),
                name.map(value -> value.orElse(null)).orElse(current.name()),
                tenureCategory.orElse(current.tenureCategory()),
                landUse.orElse(current.landUse()),
                status.orElse(current.status()),
                notes.map(value -> value.orElse(null)).orElse(current.notes()),
                current.version(),
                current.geometry(),
                current.sourceSrid(),
                current.areaSquareMetres());
    }

    /** The same check for a value that must exist in a reference table (names from a fixed allow-list). */
    private static void requireKnown(Connection connection, String table, String field, String value) {
        String sql =
                switch (table) {
                    case "tenure_category" -> "SELECT code FROM tenure_category ORDER BY code";
                    case "land_use" -> "SELECT code FROM land_use ORDER BY code";
                    default -> throw new IllegalArgumentException(table);
                };
        Set<String> known = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                known.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
        if (!known.contains(value)) {
            throw Problem.invalidField(field, "'" + value + "' is not one of " + known + ".");
        }
    }
}
