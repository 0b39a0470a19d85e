package org.tierra.parcels;

import com.fasterxml.jackson.annotation.JsonValue;
import org.tierra.db.DatabaseCode;

/**
 * What wrote a version of a parcel: the codes of {@code parcel_version.operation}, which a write names
 * when it marks its transaction ({@link org.tierra.access.Change#mark}), and of the JSON.
 */
public enum ParcelOperation implements DatabaseCode {
    CREATE("create"),
    UPDATE("update"),
    RETIRE("retire"),
    /** The parent retired and the children created by a split. */
    SPLIT("split"),
    /** The parents retired and the parcel created by a merge. */
    MERGE("merge"),
    /** A parcel loaded by an import. */
    IMPORT("import"),
    /** A parcel recorded before parcels had versions. */
    MIGRATION("migration");

    private final String code;

    ParcelOperation(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }
}
