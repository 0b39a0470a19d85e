package org.tierra.trusts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tierra.access.TrustScope;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/**
 * A community landholder: a community land trust, an ejido or a comunidad agraria. Every parcel,
 * lease and party belongs to exactly one trust.
 *
 * @param code a short stable slug used in URLs and imports, e.g. {@code ejido-loma-sabinos}
 */
public record Trust(long id, String code, String name, Kind kind) implements TrustScope {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    /** What sort of landholder the trust is; the codes are those stored in the database and sent in JSON. */
    public enum Kind implements DatabaseCode {
        COMMUNITY_LAND_TRUST("community_land_trust"),
        EJIDO("ejido"),
        COMUNIDAD_AGRARIA("comunidad_agraria"),
        OTHER("other");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        @JsonValue
        @Override
        public String databaseCode() {
            return code;
        }

        /**
         * The kind a client named in {@code field}.
         *
         * @throws Problem 422 naming {@code field} and the kinds there are
         */
        public static Kind fromField(String field, String code) {
            return Arrays.stream(values())
                    .filter(kind -> kind.code.equals(code))
                    .findFirst()
                    .orElseThrow(() -> Problem.invalidField(
                            field,
                            "'" + field + "' is one of "
                                    + Arrays.stream(values())
                                            .map(kind -> kind.code)
                                            .collect(Collectors.joining(", "))
                                    + "."));
        }
    }

    public Trust {
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a trust code is 2-63 lower-case letters, digits and '-': " + code);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a trust needs a name");
        }
    }
}
