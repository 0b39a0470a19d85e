package org.tierra.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user may do in one trust. A user holds at most one role per trust, and may hold different
 * roles in different trusts.
 */
public enum Role {
    /** Everything in its trust, including its users and tokens. */
    ADMIN,
    /** Reads everything in its trust; records the board's decisions. */
    BOARD,
    /** Creates and edits parcels, leases, parties and stewardship records in its trust. */
    STAFF,
    /** Reads their own parcels, leases and balances; nothing of other lessees. */
    LESSEE,
    /** Reads the public layers plus non-personal attributes. */
    RESEARCHER;

    /** The code stored in the database and used in the API, e.g. {@code board}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromCode(String code) {
        for (Role role : values()) {
            if (role.code().equals(code)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The roles an API token issued by a holder of this role may carry: the role itself or a narrower
     * one, never more than its holder has.
     */
    public Set<Role> grantableTokenRoles() {
        return switch (this) {
            case ADMIN -> EnumSet.allOf(Role.class);
            case BOARD -> EnumSet.of(BOARD, RESEARCHER);
            case STAFF -> EnumSet.of(STAFF, RESEARCHER);
            case LESSEE -> EnumSet.of(LESSEE);
            case RESEARCHER -> EnumSet.of(RESEARCHER);
        };
    }
}
