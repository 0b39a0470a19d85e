package org.tierra.parties;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a party says about itself, as one version holds it: everything a write may change. Personal
 * data throughout: shown only to the trust's admin, board and staff and to the person's own account.
 *
 * @param kind {@code person}, {@code household}, {@code cooperative} or {@code organization}; never changes
 * @param name how lists name the party; for a person, by default "given names family names"
 * @param curp upper-case, checked by {@link Curp} when written
 * @param rfc upper-case, checked by {@link Rfc} when written
 * @param userId the app_user this person signs in as, if linked
 */
public record PartyData(
        String kind,
        String name,
        Optional<String> givenNames,
        Optional<String> familyNames,
        Optional<String> gender,
        Optional<String> curp,
        Optional<String> rfc,
        List<Contact> contacts,
        Optional<Long> userId,
        Optional<String> notes) {

    /** The kinds of party, as stored. */
    public static final Set<String> KINDS = Set.of("person", "household", "cooperative", "organization");

    /** Genders a person may give (never required), for gender-disaggregated tenure indicators. */
    public static final Set<String> GENDERS = Set.of("female", "male", "non_binary", "undisclosed");

    public PartyData {
        contacts = List.copyOf(contacts);
        if (!KINDS.contains(kind) || name.isBlank()) {
            throw new IllegalArgumentException("a party has a known kind and a name");
        }
        boolean person = isPerson(kind);
        if (person != (givenNames.isPresent() && familyNames.isPresent())) {
            throw new IllegalArgumentException("a person, and only a person, has given and family names");
        }
        if (!person && (gender.isPresent() || curp.isPresent() || userId.isPresent())) {
            throw new IllegalArgumentException("gender, CURP and an account belong to persons only");
        }
        if (kind.equals("household") && rfc.isPresent()) {
            throw new IllegalArgumentException("a household has no RFC");
        }
        if (rfc.isPresent() && (rfc.get().length() == 13) != person) {
            throw new IllegalArgumentException("a person's RFC has 13 characters, a legal person's 12");
        }
    }

    static boolean isPerson(String kind) {
        return kind.equals("person");
    }

    /** A person's name as lists show it when none is given. */
    static String defaultName(String givenNames, String familyNames) {
        return givenNames + " " + familyNames;
    }
}
