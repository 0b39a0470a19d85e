package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/** The classes of seat on a community land trust's tripartite board. */
public enum SeatClass implements DatabaseCode {
    LESSEE,
    COMMUNITY,
    PUBLIC;

    @JsonValue
    @Override
    public String databaseCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class a body names in {@code seatClass}.
     *
     * @throws Problem 422 naming {@code seatClass} and the classes there are
     */
    public static SeatClass fromField(String code) {
        return Codes.find(SeatClass.class, code)
                .orElseThrow(() -> Problem.invalidField(
                        "seatClass", "'seatClass' is lessee, community or public; got '" + code + "'."));
    }
}
