package org.tierra.parties;

import java.util.Arrays;
import java.util.Optional;
import org.tierra.db.DatabaseCode;

/** Looks up the constant a client named by its code; the enums here each say in their own words what is allowed. */
final class Codes {

    private Codes() {}

    /** The constant of {@code type} whose code is {@code code}, if any. */
    static <E extends Enum<E> & DatabaseCode> Optional<E> find(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.databaseCode().equals(code))
                .findFirst();
    }
}
