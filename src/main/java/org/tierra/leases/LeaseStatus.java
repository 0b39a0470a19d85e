package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import org.tierra.db.DatabaseCode;

/**
 * Where a lease is in its life: a {@link #DRAFT} (its terms can still change) becomes {@link #ACTIVE} when
 * signed and then closes as {@link #ASSIGNED} (the home was sold), {@link #TERMINATED} or {@link #EXPIRED};
 * a draft that will never be signed closes as {@link #CANCELLED}. The codes are those the database stores
 * and JSON shows.
 */
public enum LeaseStatus implements DatabaseCode {
    DRAFT("draft"),
    ACTIVE("active"),
    ASSIGNED("assigned"),
    TERMINATED("terminated"),
    EXPIRED("expired"),
    CANCELLED("cancelled");

    private final String code;

    LeaseStatus(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }

    /** Only a draft's terms, parcels and lessees can be edited; a signed lease changes through its lifecycle. */
    public boolean editable() {
        return this == DRAFT;
    }

    /** In force now: the lease holds its parcels until it closes or its term ends. */
    public boolean inForce() {
        return this == ACTIVE;
    }

    /** Was signed, so held its parcels for its days in force: every status but a draft and a cancelled lease. */
    public boolean signed() {
        return this != DRAFT && this != CANCELLED;
    }

    /** The status stored as {@code code}, if there is one. */
    public static Optional<LeaseStatus> find(String code) {
        return Arrays.stream(values())
                .filter(status -> status.code.equals(code))
                .findFirst();
    }
}
