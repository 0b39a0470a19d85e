package org.tierra.parcels;

import com.fasterxml.jackson.annotation.JsonValue;
import org.tierra.db.DatabaseCode;

/** How a parcel's land passed to another: the codes of {@code parcel_lineage.operation} and of the JSON. */
public enum LineageOperation implements DatabaseCode {
    /** One parent, several children. */
    SPLIT("split"),
    /** Several parents, one child. */
    MERGE("merge");

    private final String code;

    LineageOperation(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }
}
