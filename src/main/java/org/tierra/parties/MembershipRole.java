package org.tierra.parties;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
public enum MembershipRole {
    EJIDATARIO(EnumSet.of(Trust.Kind.EJIDO), true),
    COMUNERO(EnumSet.of(Trust.Kind.COMUNIDAD_AGRARIA), true),
    POSESIONARIO(EnumSet.of(Trust.Kind.EJIDO, Trust.Kind.COMUNIDAD_AGRARIA), true),
    AVECINDADO(EnumSet.of(Trust.Kind.EJIDO, Trust.Kind.COMUNIDAD_AGRARIA), true),
    LESSEE(EnumSet.of(Trust.Kind.COMMUNITY_LAND_TRUST, Trust.Kind.OTHER), false),
    BOARD_MEMBER(EnumSet.of(Trust.Kind.COMMUNITY_LAND_TRUST, Trust.Kind.OTHER), true);

    /** The classes of board seat in a community land trust's tripartite board. */
    public static final Set<String> SEAT_CLASSES = Set.of("lessee", "community", "public");

    private final Set<Trust.Kind> trustKinds;
    private final boolean personOnly;

    MembershipRole(Set<Trust.Kind> trustKinds, boolean personOnly) {
        this.trustKinds = trustKinds;
        this.personOnly = personOnly;
    }

    /** The code stored and used in the API, e.g. {@code board_member}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MembershipRole> fromCode(String code) {
        for (MembershipRole role : values()) {
            if (role.code().equals(code)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Whether a trust of {@code kind} has members in this role. */
    public boolean existsIn(Trust.Kind kind) {
        return trustKinds.contains(kind);
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
