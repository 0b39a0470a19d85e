package org.tierra.parties;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a party says about itself, as one version holds it: everything a write may change. Personal
 * data throughout: shown only to the trust's admin, board and staff and to the person's own account.
 *
 * @param kind never changes
 * @param name how lists name the party; for a person, by default "given names family names"
 * @param curp upper-case, checked by {@link Curp} when written
 * @param rfc upper-case, checked by {@link Rfc} when written
 * @param userId the app_user this person signs in as, if linked
 */
public record PartyData(
        PartyKind kind,
        String name,
        Optional<String> givenNames,
        Optional<String> familyNames,
        Optional<Gender> gender,
        Optional<String> curp,
        Optional<String> rfc,
        List<Contact> contacts,
        Optional<Long> userId,
        Optional<String> notes) {

    public PartyData {
        contacts = List.copyOf(contacts);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a party has a name");
        }
        boolean person = kind.isPerson();
        if (person != (givenNames.isPresent() && familyNames.isPresent())) {
            throw new IllegalArgumentException("a person, and only a person, has given and family names");
        }
        if (!person && (gender.isPresent() || curp.isPresent() || userId.isPresent())) {
            throw new IllegalArgumentException("gender, CURP and an account belong to persons only");
        }
        if (!kind.hasRfc() && rfc.isPresent()) {
            throw new IllegalArgumentException("a household has no RFC");
        }
        if (rfc.isPresent() && (rfc.get().length() == 13) != person) {
            throw new IllegalArgumentException("a person's RFC has 13 characters, a legal person's 12");
        }
    }

    /** A person's name as lists show it when none is given. */
    static String defaultName(String givenNames, String familyNames) {
        return givenNames + " " + familyNames;
    }

    /** Whether the name is the one {@link #defaultName} gives this person, so that it follows their names. */
    boolean hasDefaultName() {
        return kind.isPerson() && name.equals(defaultName(givenNames.orElseThrow(), familyNames.orElseThrow()));
    }

    /** The API names of the members whose values differ from {@code before}: for the audit, never the values. */
    List<String> fieldsChangedFrom(PartyData before) {
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, "name", before.name, name);
        addIfChanged(changed, "givenNames", before.givenNames, givenNames);
        addIfChanged(changed, "familyNames", before.familyNames, familyNames);
        addIfChanged(changed, "gender", before.gender, gender);
        addIfChanged(changed, "curp", before.curp, curp);
        addIfChanged(changed, "rfc", before.rfc, rfc);
        addIfChanged(changed, "contacts", before.contacts, contacts);
        addIfChanged(changed, "account", before.userId, userId);
        addIfChanged(changed, "notes", before.notes, notes);
        return changed;
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
