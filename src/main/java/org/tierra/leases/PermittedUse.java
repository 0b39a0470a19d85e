package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonValue;
import org.tierra.db.DatabaseCode;

/** What a lease allows the land to be used for; the codes are those the database stores and JSON shows. */
public enum PermittedUse implements DatabaseCode {
    RESIDENTIAL("residential"),
    AGRICULTURAL("agricultural"),
    COMMERCIAL("commercial"),
    MIXED("mixed");

    private final String code;

    PermittedUse(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }
}
