package org.tierra.parcels;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/**
 * Where a parcel stands in the registry; the codes are those of the database's {@code parcel_status_known}
 * check and of the JSON. A client sets any status but {@link #RETIRED}, which only retiring, splitting or
 * merging gives; a retired parcel never changes again and is not listed, but stays readable.
 */
public enum ParcelStatus implements DatabaseCode {
    /** Drawn, awaiting the board. */
    PROPOSED("proposed"),
    /** In the registry. */
    ACTIVE("active"),
    /** Its boundary or right is contested. */
    DISPUTED("disputed"),
    /** No longer exists as drawn (split, merged or released), kept for history. */
    RETIRED("retired");

    private final String code;

    ParcelStatus(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }

    public boolean retired() {
        return this == RETIRED;
    }

    /** Whether a client may give a parcel this status in a create, an update or an import. */
    public boolean settable() {
        return this != RETIRED;
    }

    /** The statuses a client may set, by code, as a sentence lists them: {@code [active, disputed, proposed]}. */
    public static String listSettable() {
        return Arrays.stream(values())
                .filter(ParcelStatus::settable)
                .map(ParcelStatus::databaseCode)
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The settable status with {@code code}, if there is one. */
    public static Optional<ParcelStatus> findSettable(String code) {
        return Arrays.stream(values())
                .filter(status -> status.settable() && status.code.equals(code))
                .findFirst();
    }

    /**
     * The status a client asked for in {@code field}.
     *
     * @throws Problem 422 naming {@code field}, the statuses a client may set, and how a parcel is retired
     */
    public static ParcelStatus settableFromField(String field, String code) {
        return findSettable(code)
                .orElseThrow(() -> Problem.invalidField(
                        field,
                        "'status' is one of " + listSettable()
                                + "; a parcel is retired with POST /api/v1/parcels/{id}/retire."));
    }
}
