package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;
import org.tierra.trusts.Trust;

/**
 * A party's standing in a trust over time, and where that standing exists at all.
 *
 * <p>The agrarian roles of the Ley Agraria belong to agrarian nuclei: an ejidatario to an ejido
 * (Art. 12), a comunero to a comunidad agraria (Art. 101), posesionarios and avecindados (Art. 13) to
 * either. A lessee and a board seat with its tripartite class (lessee, community, public) are the
 * community land trust's; trusts of kind {@code other} (a cooperative leasing its land, say) use those
 * too. Every role but lessee is held by a person; a household or cooperative may be a lessee.
 */
public enum MembershipRole implements DatabaseCode {
    EJIDATARIO(true),
    COMUNERO(true),
    POSESIONARIO(true),
    AVECINDADO(true),
    LESSEE(false),
    BOARD_MEMBER(true);

    private final boolean personOnly;

    MembershipRole(boolean personOnly) {
        this.personOnly = personOnly;
    }

    /** The code stored and used in the API, e.g. {@code board_member}. */
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
    public static MembershipRole fromField(String code) {
        return Codes.find(MembershipRole.class, code)
                .orElseThrow(() -> Problem.invalidField(
                        "role",
                        "'role' is ejidatario, comunero, posesionario, avecindado, lessee or board_member; got '" + code
                                + "'."));
    }

    /** Whether a trust of {@code kind} has members in this role. */
    public boolean existsIn(Trust.Kind kind) {
        boolean agrarian = kind == Trust.Kind.EJIDO || kind == Trust.Kind.COMUNIDAD_AGRARIA;
        return switch (this) {
            case EJIDATARIO -> kind == Trust.Kind.EJIDO;
            case COMUNERO -> kind == Trust.Kind.COMUNIDAD_AGRARIA;
            case POSESIONARIO, AVECINDADO -> agrarian;
            case LESSEE, BOARD_MEMBER -> !agrarian;
        };
    }

    /** Whether only a person may hold this role. */
    public boolean personOnly() {
        return personOnly;
    }

    /** Whether the role carries a seat class (board members only). */
    public boolean hasSeatClass() {
        return this == BOARD_MEMBER;
    }
}
