package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;

/** What a party is (the database's {@code party_kind_known}); a party's kind never changes. */
public enum PartyKind implements DatabaseCode {
    PERSON,
    HOUSEHOLD,
    COOPERATIVE,
    ORGANIZATION;

    @JsonValue
    @Override
    public String databaseCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A natural person: the only kind with given and family names, gender, CURP and an account. */
    public boolean isPerson() {
        return this == PERSON;
    }

    /** Whether the kind has an RFC: a household is no taxpayer (each member has their own). */
    public boolean hasRfc() {
        return this != HOUSEHOLD;
    }

    /** Whether a party of {@code kind} may be a member of a group of this kind: a household's are persons. */
    public boolean admits(PartyKind kind) {
        return this != HOUSEHOLD || kind.isPerson();
    }

    /**
     * The kind a body names in {@code kind}.
     *
     * @throws Problem 422 naming {@code kind} and the kinds there are
     */
    public static PartyKind fromField(String code) {
        return Codes.find(PartyKind.class, code).orElseThrow(() -> Problem.invalidField("kind", unknown(code)));
    }

    /**
     * The kind a query parameter {@code kind} names.
     *
     * @throws Problem 400 naming {@code kind} and the kinds there are
     */
    public static PartyKind fromParameter(String code) {
        return Codes.find(PartyKind.class, code).orElseThrow(() -> Problem.invalidParameter("kind", unknown(code)));
    }

    private static String unknown(String code) {
        return "'kind' is person, household, cooperative or organization; got '" + code + "'.";
    }
}
