package org.tierra.parties;

import java.util.List;
import java.util.Optional;

/**
 * The members of a party as the API shows them, in a party and in each of its versions: {@link PartyData}
 * with the linked account's username instead of its id. Personal data.
 */
public record PartyFields(
        String name,
        Optional<String> givenNames,
        Optional<String> familyNames,
        Optional<Gender> gender,
        Optional<String> curp,
        Optional<String> rfc,
        List<Contact> contacts,
        Optional<String> account,
        Optional<String> notes) {

    public PartyFields {
        contacts = List.copyOf(contacts);
    }

    static PartyFields of(PartyData data, Optional<String> account) {
        return new PartyFields(
                data.name(),
                data.givenNames(),
                data.familyNames(),
                data.gender(),
                data.curp(),
                data.rfc(),
                data.contacts(),
                account,
                data.notes());
    }
}
