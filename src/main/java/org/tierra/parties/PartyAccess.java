package org.tierra.parties;

import java.sql.Connection;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Who may see and change a party. Parties are personal data (LFPDPPP): the trust's admin, board and
 * staff read them all, and a person reads their own party through the account linked to it; admin and
 * staff write. A caller with no role in the party's trust (the server operator included) gets 404, so
 * that party ids of other trusts are not confirmed; a lessee or researcher of the trust asking for
 * someone else gets 403.
 */
final class PartyAccess {

    private PartyAccess() {}

    /** A party as one caller may read it. */
    record Reading(Party party, Trust trust, boolean trustReader) {}

    /**
     * Requires that {@code principal} may read party {@code id}.
     *
     * @throws Problem 404 when there is no such party or the caller holds no role in its trust and is
     *     not the person; 403 for a lessee or researcher of the trust reading someone else
     */
    static Reading requireReader(Connection connection, PartyRepository parties, Principal principal, long id) {
        Party party = parties.findParty(connection, id).orElseThrow(() -> notFound(id));
        Trust trust = TrustRepository.findTrustById(connection, party.trustId()).orElseThrow();
        Optional<Role> role = principal.roleIn(trust.id());
        if (role.filter(PartyAccess::readsAll).isPresent()) {
            return new Reading(party, trust, true);
        }
        if (party.data().userId().filter(userId -> userId == principal.userId()).isPresent()) {
            return new Reading(party, trust, false);
        }
        if (role.isEmpty()) {
            throw notFound(id);
        }
        throw Problem.forbidden("Party " + id + " is not you: parties are personal data, read by the trust's"
                + " admin, board and staff and by the person's own account.");
    }

    /**
     * Requires that {@code principal} may change party {@code id}, and returns its trust.
     *
     * @throws Problem 404 as for reading; 403 for a role in the trust that does not write parties
     */
    static Trust requireWriter(Connection connection, PartyRepository parties, Principal principal, long id) {
        long trustId = parties.findTrustId(connection, id).orElseThrow(() -> notFound(id));
        Trust trust = TrustRepository.findTrustById(connection, trustId).orElseThrow();
        if (principal.roleIn(trustId).isEmpty()) {
            throw notFound(id);
        }
        requireWriter(principal, trust);
        return trust;
    }

    /** Staff and admins of the trust write its parties. */
    static void requireWriter(Principal principal, Trust trust) {
        principal.requireRole(trust, false, Role.ADMIN, Role.STAFF);
    }

    /** Admin, board and staff read every party of their trust. */
    static void requireTrustReader(Principal principal, Trust trust) {
        principal.requireRole(trust, false, Role.ADMIN, Role.BOARD, Role.STAFF);
    }

    private static boolean readsAll(Role role) {
        return role == Role.ADMIN || role == Role.BOARD || role == Role.STAFF;
    }

    static Problem notFound(long id) {
        return Problem.notFound("There is no party with id " + id + ".");
    }
}
