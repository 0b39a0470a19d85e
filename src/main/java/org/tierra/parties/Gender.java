package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/** The gender a person may give (never required), for gender-disaggregated tenure indicators (SDG 5.a.1). */
public enum Gender implements DatabaseCode {
    FEMALE,
    MALE,
    NON_BINARY,
    UNDISCLOSED;

    @JsonValue
    @Override
    public String databaseCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The gender a body gives in {@code gender}.
     *
     * @throws Problem 422 naming {@code gender} and the genders there are
     */
    public static Gender fromField(String code) {
        return Codes.find(Gender.class, code)
                .orElseThrow(() -> Problem.invalidField(
                        "gender",
                        "'gender' is female, male, non_binary or undisclosed (or leave it out); got '" + code + "'."));
    }
}
