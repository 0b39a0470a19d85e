package org.tierra.parcels;

import java.sql.Connection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tierra.core.Patch;
import org.tierra.core.Problem;

/**
 * The descriptive attributes of a parcel as a client sends them (a Feature's {@code properties}), so that
 * a write changes only what it names: an empty member or an {@linkplain Patch#absent() absent} patch leaves
 * the parcel's value as it is; a {@linkplain Patch#clear() cleared} name or notes removes it.
 *
 * <p>The code and status are checked as they are read ({@link #requireValidCode}, {@link
 * ParcelStatus#settableFromField}); tenure category and land use name rows of the registry's own lists and
 * are checked against them by {@link #requireKnownCodes}, in the transaction that writes them.
 */
public record ParcelAttributes(
        Optional<String> code,
        Patch<String> name,
        Optional<String> tenureCategory,
        Optional<String> landUse,
        Optional<ParcelStatus> status,
        Patch<String> notes) {

    private static final Pattern CODE = Pattern.compile("\\S(.{0,62}\\S)?");

    /** Nothing to change. */
    public static ParcelAttributes none() {
        return new ParcelAttributes(
                Optional.empty(), Patch.absent(), Optional.empty(), Optional.empty(), Optional.empty(), Patch.absent());
    }

    /** A new code, everything else as the parcel it is laid over (a split's child takes its parent's). */
    public static ParcelAttributes inherited(String code) {
        return none().withCode(code);
    }

    /** The same attributes with {@code code}. */
    public ParcelAttributes withCode(String code) {
        return new ParcelAttributes(Optional.of(code), name, tenureCategory, landUse, status, notes);
    }

    /**
     * Refuses a parcel code that is not 1 to 64 characters without surrounding spaces (the database's
     * {@code parcel_code_format}).
     *
     * @throws Problem 422 naming {@code properties.code}
     */
    public static String requireValidCode(String code) {
        if (!CODE.matcher(code).matches()) {
            throw Problem.invalidField(
                    "properties.code", "A parcel code has 1 to 64 characters, e.g. P-12 or JAC-001.");
        }
        return code;
    }

    /**
     * Refuses a tenure category or land use that is not in the registry's lists, tenure first.
     *
     * @throws Problem 422 naming {@code properties.tenureCategory} or {@code properties.landUse} and the codes
     *     there are
     */
    void requireKnownCodes(Connection connection) {
        tenureCategory.ifPresent(value ->
                requireKnown(value, "properties.tenureCategory", ParcelStore.listTenureCategories(connection)));
        landUse.ifPresent(value -> requireKnown(value, "properties.landUse", ParcelStore.listLandUses(connection)));
    }

    private static void requireKnown(String value, String field, Set<String> known) {
        if (!known.contains(value)) {
            throw Problem.invalidField(field, "'" + value + "' is not one of " + new TreeSet<>(known) + ".");
        }
    }

    /** The parcel as these attributes make it: each one given replaces {@code current}'s. */
    ParcelStore.ParcelRow over(ParcelStore.ParcelRow current) {
        return new ParcelStore.ParcelRow(
                current.id(),
                current.trustId(),
                code.orElse(current.code()),
                name.applyTo(current.name()),
                tenureCategory.orElse(current.tenureCategory()),
                landUse.orElse(current.landUse()),
                status.orElse(current.status()),
                notes.applyTo(current.notes()),
                current.version(),
                current.geometry(),
                current.sourceSrid(),
                current.areaSquareMetres());
    }
}
