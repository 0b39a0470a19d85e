package org.tierra.parties;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tierra.core.Patch;
import org.tierra.core.Problem;
import org.tierra.http.JsonBody;
import tools.jackson.databind.JsonNode;

/**
 * Reads a party from a create or change body, strictly: every problem is a 422 naming the field and
 * what to write instead. A member left out is {@linkplain Patch#absent() absent} and {@code null}
 * {@linkplain Patch#clear() clears} an optional one; what a member may hold for the party's kind is
 * {@link PartyChanges}' rule.
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

    private static final Set<String> CONTACT_FIELDS = Set.of("kind", "value", "consent", "consentRecordedOn");
    private static final int MAX_NAME = 200;
    private static final int MAX_NOTES = 4000;
    private static final int MAX_CONTACTS = 20;

    private PartyInput() {}

    /** The party a create body describes. */
    static NewParty readNew(JsonBody body) {
        String trust = body.requiredText("trust");
        PartyKind kind = PartyKind.fromField(body.requiredText("kind"));
        return new NewParty(trust, kind, readFields(body));
    }

    /** The changes a change body asks for. */
    static PartyChanges readChanges(JsonBody body) {
        for (String fixed : List.of("kind", "trust")) {
            if (body.has(fixed)) {
                throw Problem.invalidField(
                        fixed, "A party's " + fixed + " never changes; register a new party instead.");
            }
        }
        return readFields(body);
    }

    private static PartyChanges readFields(JsonBody body) {
        return new PartyChanges(
                boundedText(body, "name", MAX_NAME),
                boundedText(body, "givenNames", MAX_NAME),
                boundedText(body, "familyNames", MAX_NAME),
                member(body, "gender", body::optionalText, Gender::fromField),
                member(body, "curp", body::optionalText, PartyInput::parseCurp),
                member(body, "rfc", body::optionalText, Function.identity()),
                body.has("contacts") ? readContacts(body) : Patch.absent(),
                member(body, "account", body::optionalText, Function.identity()),
                boundedText(body, "notes", MAX_NOTES));
    }

    /** A member as a patch: left out, {@code null}, or a value read by {@code read} and converted. */
    private static <T, R> Patch<R> member(
            JsonBody body, String field, Function<String, Optional<T>> read, Function<T, R> conversion) {
        if (!body.has(field)) {
            return Patch.absent();
        }
        return read.apply(field)
                .<Patch<R>>map(value -> Patch.set(conversion.apply(value)))
                .orElseGet(Patch::clear);
    }

    private static Patch<String> boundedText(JsonBody body, String field, int maxLength) {
        return member(body, field, body::optionalText, text -> {
            if (text.length() > maxLength) {
                throw Problem.invalidField(field, "'" + field + "' has at most " + maxLength + " characters.");
            }
            return text;
        });
    }

    private static Curp parseCurp(String text) {
        try {
            return Curp.parse(text);
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField("curp", e.getMessage());
        }
    }

    /** The contacts as sent; {@code null} clears them. */
    private static Patch<List<Contact>> readContacts(JsonBody body) {
        if (body.optionalNode("contacts").isEmpty()) {
            return Patch.clear();
        }
        List<JsonNode> items = body.optionalNodes("contacts");
        if (items.size() > MAX_CONTACTS) {
            throw Problem.invalidField("contacts", "A party has at most " + MAX_CONTACTS + " contacts.");
        }
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            contacts.add(readContact(
                    JsonBody.of(items.get(i), "contacts[" + i + "]", CONTACT_FIELDS), "contacts[" + i + "]"));
        }
        return Patch.set(contacts);
    }

    private static Contact readContact(JsonBody item, String path) {
        String kind = item.requiredText("kind");
        String value = item.requiredText("value");
        JsonNode consent = item.optionalNode("consent")
                .orElseThrow(() ->
                        Problem.invalidField(path + ".consent", "'" + path + ".consent' is required: true or false."));
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
        return Contact.of(kind, value, consent.asBoolean(), recordedOn);
    }
}
