package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/** A member's place in a household or group: its head (or legal representative), or a member. */
public enum GroupRole implements DatabaseCode {
    HEAD,
    MEMBER;

    @JsonValue
    @Override
    public String databaseCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role a body names in {@code role}.
     *
     * @throws Problem 422 naming {@code role} and the roles there are
     */
    public static GroupRole fromField(String code) {
        return Codes.find(GroupRole.class, code)
                .orElseThrow(() -> Problem.invalidField(
                        "role",
                        "'role' is head (the household's head or group's representative) or member; got '" + code
                                + "'."));
    }
}
