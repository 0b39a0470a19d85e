package org.tierra.trusts;

import java.util.regex.Pattern;
import org.tierra.access.TrustScope;

/**
 * A community landholder: a community land trust, an ejido or a comunidad agraria. Every parcel,
 * lease and party belongs to exactly one trust.
 *
 * @param code a short stable slug used in URLs and imports, e.g. {@code ejido-loma-sabinos}
 */
public record Trust(long id, String code, String name, Kind kind) implements TrustScope {

    static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    /** What sort of landholder the trust is; the codes are those stored in the database. */
    public enum Kind {
        COMMUNITY_LAND_TRUST("community_land_trust"),
        EJIDO("ejido"),
        COMUNIDAD_AGRARIA("comunidad_agraria"),
        OTHER("other");

        public final String code;

        Kind(String code) {
            this.code = code;
        }

        public static Kind fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown trust kind '" + code + "'");
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
