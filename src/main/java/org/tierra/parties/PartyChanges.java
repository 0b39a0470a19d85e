package org.tierra.parties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tierra.core.Patch;
import org.tierra.core.Problem;

/**
 * The members of a party a create or change body gives, each {@linkplain Patch absent, cleared or set},
 * already checked on their own (lengths, a CURP's check digit, contacts); {@link #applyTo} checks them
 * against the party's kind. In a create, absent and cleared both mean "none".
 *
 * @param rfc as typed: whether it is a person's or a legal person's is known only with the kind
 * @param account a username, resolved to the account's id by {@link #applyTo}'s caller
 */
public record PartyChanges(
        Patch<String> name,
        Patch<String> givenNames,
        Patch<String> familyNames,
        Patch<Gender> gender,
        Patch<Curp> curp,
        Patch<String> rfc,
        Patch<List<Contact>> contacts,
        Patch<String> account,
        Patch<String> notes) {

    /** The party {@code current} becomes (or, when empty, the new party of {@code kind} is). */
    PartyData applyTo(PartyKind kind, Optional<PartyData> current, Function<String, Long> accountIds) {
        if (!kind.isPerson()) {
            personOnly().forEach((field, patch) -> {
                if (patch instanceof Patch.Set<?>) {
                    throw Problem.invalidField(
                            field, "Only a person has '" + field + "'; this party is a " + kind.databaseCode() + ".");
                }
            });
        }
        if (!kind.hasRfc() && rfc instanceof Patch.Set<String>) {
            throw Problem.invalidField("rfc", "A household has no RFC; give each member's RFC on their own party.");
        }
        Optional<String> given = current.flatMap(PartyData::givenNames);
        Optional<String> family = current.flatMap(PartyData::familyNames);
        if (kind.isPerson()) {
            given = Optional.of(
                    requiredName(givenNames, current.isEmpty(), given, "givenNames", "a person's given names"));
            family = Optional.of(
                    requiredName(familyNames, current.isEmpty(), family, "familyNames", "a person's family names"));
        }
        return new PartyData(
                kind,
                name(kind, current, given, family),
                given,
                family,
                gender.applyTo(current.flatMap(PartyData::gender)),
                curp.map(Curp::value).applyTo(current.flatMap(PartyData::curp)),
                rfc.map(text -> parseRfc(text, kind)).applyTo(current.flatMap(PartyData::rfc)),
                contacts(current),
                account.map(accountIds).applyTo(current.flatMap(PartyData::userId)),
                notes.applyTo(current.flatMap(PartyData::notes)));
    }

    /** The names of the members given a value, sorted: what a create's audit entry names, never the values. */
    List<String> givenFields() {
        Map<String, Patch<?>> all = new LinkedHashMap<>(personOnly());
        all.put("contacts", contacts);
        all.put("name", name);
        all.put("notes", notes);
        all.put("rfc", rfc);
        List<String> given = new ArrayList<>();
        all.forEach((field, patch) -> {
            if (patch instanceof Patch.Set<?>) {
                given.add(field);
            }
        });
        return given.stream().sorted().toList();
    }

    private Map<String, Patch<?>> personOnly() {
        Map<String, Patch<?>> fields = new LinkedHashMap<>();
        fields.put("givenNames", givenNames);
        fields.put("familyNames", familyNames);
        fields.put("gender", gender);
        fields.put("curp", curp);
        fields.put("account", account);
        return fields;
    }

    /** A person's given or family names: required when creating, and never cleared. */
    private static String requiredName(
            Patch<String> patch, boolean creating, Optional<String> current, String field, String what) {
        if (patch instanceof Patch.Set<String> set) {
            return set.value();
        }
        if (creating || patch.isSent()) {
            throw required(field, what);
        }
        return current.orElseThrow();
    }

    /**
     * A person's name defaults to their given and family names, and follows them when they change as long
     * as it was the default; other parties must be named.
     */
    private String name(PartyKind kind, Optional<PartyData> current, Optional<String> given, Optional<String> family) {
        if (name instanceof Patch.Set<String> set) {
            return set.value();
        }
        if (current.isPresent() && !name.isSent()) {
            return current.get().hasDefaultName()
                    ? PartyData.defaultName(given.orElseThrow(), family.orElseThrow())
                    : current.get().name();
        }
        if (kind.isPerson()) {
            return PartyData.defaultName(given.orElseThrow(), family.orElseThrow());
        }
        throw required("name", "the " + kind.databaseCode() + "'s name");
    }

    /** Sent as {@code null}, a party's contacts become none. */
    private List<Contact> contacts(Optional<PartyData> current) {
        if (contacts instanceof Patch.Set<List<Contact>> set) {
            return set.value();
        }
        return contacts.isSent() ? List.of() : current.map(PartyData::contacts).orElse(List.of());
    }

    private static String parseRfc(String text, PartyKind kind) {
        try {
            return Rfc.parse(text, kind.isPerson()).value();
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField("rfc", e.getMessage());
        }
    }

    private static Problem required(String field, String what) {
        return Problem.invalidField(field, "'" + field + "' is required: " + what + ".");
    }
}
