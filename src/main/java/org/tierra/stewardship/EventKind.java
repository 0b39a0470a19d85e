package org.tierra.stewardship;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tierra.db.DatabaseCode;

/** What happened on the land; the codes are those of {@code stewardship_event.kind}, sent as they are in JSON. */
public enum EventKind implements DatabaseCode {
    INSPECTION("inspection"),
    IMPROVEMENT("improvement"),
    VIOLATION("violation"),
    CURE("cure"),
    REFINANCE_APPROVAL("refinance_approval"),
    RESALE("resale"),
    AGRICULTURAL_PRACTICE("agricultural_practice");

    private final String code;

    EventKind(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return code;
    }

    /** The kind with {@code code}, if there is one. */
    public static Optional<EventKind> fromCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }

    /** Every code in alphabetical order, for messages that say what is accepted. */
    public static String codes() {
        return Arrays.stream(values()).map(kind -> kind.code).sorted().collect(Collectors.joining(", "));
    }
}
