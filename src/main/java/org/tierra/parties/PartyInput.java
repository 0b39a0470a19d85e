package org.tierra.parties;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tierra.auth.AccountRepository;
import org.tierra.auth.User;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import org.tierra.trusts.Trust;
import tools.jackson.databind.JsonNode;

/**
 * Reads a party from a create or change body, strictly: every problem is a 422 naming the field and
 * what to write instead. In a change, a member left out keeps its value and {@code null} clears an
 * optional one.
 */
final class PartyInput {

    /** The members of a create or change body; in a change, kind and trust only to say they cannot change. */
    static final Set<String> FIELDS = Set.of(
            "trust",
            "kind",
            "name",
            "givenNames",
            "familyNames",
            "gender",
            "curp",
            "rfc",
            "contacts",
            "account",
            "notes",
            "reason");

    private static final Set<String> PERSON_FIELDS = Set.of("givenNames", "familyNames", "gender", "curp", "account");
    private static final Set<String> CONTACT_FIELDS = Set.of("kind", "value", "consent", "consentRecordedOn");
    private static final int MAX_NAME = 200;
    private static final int MAX_NOTES = 4000;
    private static final int MAX_CONTACTS = 20;

    private PartyInput() {}

    /** The party a create body describes; {@code kind} is already read. */
    static PartyData readNew(Connection connection, JsonBody body, String kind, Trust trust) {
        return read(connection, body, kind, Optional.empty(), trust);
    }

    /** The party {@code current} becomes with the changes in {@code body}. */
    static PartyData readChange(Connection connection, JsonBody body, PartyData current, Trust trust) {
        for (String fixed : List.of("kind", "trust")) {
            if (body.has(fixed)) {
                throw Problem.invalidField(
                        fixed, "A party's " + fixed + " never changes; register a new party instead.");
            }
        }
        return read(connection, body, current.kind(), Optional.of(current), trust);
    }

    /** The kind of a create body. */
    static String readKind(JsonBody body) {
        String kind = body.requiredText("kind");
        if (!PartyData.KINDS.contains(kind)) {
            throw Problem.invalidField(
                    "kind", "'kind' is person, household, cooperative or organization; got '" + kind + "'.");
        }
        return kind;
    }

    private static PartyData read(
            Connection connection, JsonBody body, String kind, Optional<PartyData> current, Trust trust) {
        boolean person = PartyData.isPerson(kind);
        for (String field : PERSON_FIELDS) {
            if (!person && body.optionalNode(field).isPresent()) {
                throw Problem.invalidField(field, "Only a person has '" + field + "'; this party is a " + kind + ".");
            }
        }
        if (kind.equals("household") && body.optionalNode("rfc").isPresent()) {
            throw Problem.invalidField("rfc", "A household has no RFC; give each member's RFC on their own party.");
        }
        Optional<String> givenNames = current.flatMap(PartyData::givenNames);
        Optional<String> familyNames = current.flatMap(PartyData::familyNames);
        if (person) {
            givenNames = Optional.of(
                    body.has("givenNames") || current.isEmpty()
                            ? boundedText(body, "givenNames", MAX_NAME)
                                    .orElseThrow(() -> required("givenNames", "a person's given names"))
                            : givenNames.orElseThrow());
            familyNames = Optional.of(
                    body.has("familyNames") || current.isEmpty()
                            ? boundedText(body, "familyNames", MAX_NAME)
                                    .orElseThrow(() -> required("familyNames", "a person's family names"))
                            : familyNames.orElseThrow());
        }
        String name = readName(body, kind, current, givenNames, familyNames);
        Optional<String> gender = current.flatMap(PartyData::gender);
        if (body.has("gender")) {
            gender = body.optionalText("gender");
            if (gender.filter(given -> !PartyData.GENDERS.contains(given)).isPresent()) {
                throw Problem.invalidField(
                        "gender",
                        "'gender' is female, male, non_binary or undisclosed (or leave it out); got '" + gender.get()
                                + "'.");
            }
        }
        Optional<String> curp = current.flatMap(PartyData::curp);
        if (body.has("curp")) {
            curp = body.optionalText("curp").map(text -> {
                try {
                    return Curp.parse(text).value();
                } catch (IllegalArgumentException e) {
                    throw Problem.invalidField("curp", e.getMessage());
                }
            });
        }
        Optional<String> rfc = current.flatMap(PartyData::rfc);
        if (body.has("rfc")) {
            rfc = body.optionalText("rfc").map(text -> {
                try {
                    return Rfc.parse(text, person).value();
                } catch (IllegalArgumentException e) {
                    throw Problem.invalidField("rfc", e.getMessage());
                }
            });
        }
        List<Contact> contacts = body.has("contacts")
                ? readContacts(body)
                : current.map(PartyData::contacts).orElse(List.of());
        Optional<Long> userId = current.flatMap(PartyData::userId);
        if (body.has("account")) {
            userId = body.optionalText("account").map(username -> readAccount(connection, username, trust));
        }
        Optional<String> notes =
                body.has("notes") ? boundedText(body, "notes", MAX_NOTES) : current.flatMap(PartyData::notes);
        return new PartyData(kind, name, givenNames, familyNames, gender, curp, rfc, contacts, userId, notes);
    }

    /**
     * A person's name defaults to their given and family names, and follows them when they change as long
     * as it was the default; other parties must be named.
     */
    private static String readName(
            JsonBody body,
            String kind,
            Optional<PartyData> current,
            Optional<String> givenNames,
            Optional<String> familyNames) {
        Optional<String> given = boundedText(body, "name", MAX_NAME);
        if (given.isPresent()) {
            return given.get();
        }
        boolean person = PartyData.isPerson(kind);
        if (current.isPresent() && !body.has("name")) {
            PartyData before = current.get();
            boolean wasDefault = person
                    && before.name()
                            .equals(PartyData.defaultName(
                                    before.givenNames().orElseThrow(),
                                    before.familyNames().orElseThrow()));
            return wasDefault
                    ? PartyData.defaultName(givenNames.orElseThrow(), familyNames.orElseThrow())
                    : before.name();
        }
        if (person) {
            return PartyData.defaultName(givenNames.orElseThrow(), familyNames.orElseThrow());
        }
        throw required("name", "the " + kind + "'s name");
    }

    private static List<Contact> readContacts(JsonBody body) {
        List<JsonNode> items = body.optionalNodes("contacts");
        if (items.size() > MAX_CONTACTS) {
            throw Problem.invalidField("contacts", "A party has at most " + MAX_CONTACTS + " contacts.");
        }
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "contacts[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), path, CONTACT_FIELDS);
            String kind = item.requiredText("kind");
            String value = item.requiredText("value");
            JsonNode consent = item.optionalNode("consent")
                    .orElseThrow(() -> Problem.invalidField(
                            path + ".consent", "'" + path + ".consent' is required: true or false."));
            if (!consent.isBoolean()) {
                throw Problem.invalidField(path + ".consent", "'" + path + ".consent' is true or false.");
            }
            Optional<LocalDate> recordedOn = item.optionalDate("consentRecordedOn");
            if (consent.asBoolean() && recordedOn.isEmpty()) {
                throw Problem.invalidField(
                        path + ".consentRecordedOn",
                        "'" + path + ".consentRecordedOn' is required when consent is true: the day it was recorded.");
            }
            if (recordedOn.filter(day -> day.isAfter(Curp.latestToday())).isPresent()) {
                throw Problem.invalidField(path + ".consentRecordedOn", "A consent cannot be recorded in the future.");
            }
            Optional<String> problem = Contact.findProblem(kind, value.strip());
            if (problem.isPresent()) {
                throw Problem.invalidField(
                        path + (problem.get().startsWith("A contact's kind") ? ".kind" : ".value"), problem.get());
            }
            contacts.add(Contact.of(kind, value, consent.asBoolean(), recordedOn));
        }
        return contacts;
    }

    /** An account that holds a role in the trust, to link to this person. */
    private static long readAccount(Connection connection, String username, Trust trust) {
        User user = AccountRepository.findUser(connection, username)
                .filter(found -> !found.disabled())
                .orElseThrow(() -> Problem.invalidField("account", "There is no active account '" + username + "'."));
        if (!AccountRepository.listRoles(connection, user.id()).containsKey(trust.id())) {
            throw Problem.invalidField(
                    "account",
                    "Account '" + username + "' holds no role in trust " + trust.code()
                            + "; give it one (e.g. lessee) before linking it to a person.");
        }
        return user.id();
    }

    private static Optional<String> boundedText(JsonBody body, String field, int maxLength) {
        Optional<String> text = body.optionalText(field);
        if (text.filter(value -> value.length() > maxLength).isPresent()) {
            throw Problem.invalidField(field, "'" + field + "' has at most " + maxLength + " characters.");
        }
        return text;
    }

    private static org.tierra.core.Problem required(String field, String what) {
        return Problem.invalidField(field, "'" + field + "' is required: " + what + ".");
    }

    /** The API names of the fields whose values differ between two states of a party. */
    static List<String> changedFields(PartyData before, PartyData after) {
        List<String> changed = new ArrayList<>();
        addIfChanged(changed, "name", before.name(), after.name());
        addIfChanged(changed, "givenNames", before.givenNames(), after.givenNames());
        addIfChanged(changed, "familyNames", before.familyNames(), after.familyNames());
        addIfChanged(changed, "gender", before.gender(), after.gender());
        addIfChanged(changed, "curp", before.curp(), after.curp());
        addIfChanged(changed, "rfc", before.rfc(), after.rfc());
        addIfChanged(changed, "contacts", before.contacts(), after.contacts());
        addIfChanged(changed, "account", before.userId(), after.userId());
        addIfChanged(changed, "notes", before.notes(), after.notes());
        return changed;
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
