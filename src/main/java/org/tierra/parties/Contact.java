package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One way to reach a party, with the party's consent to be contacted that way (LFPDPPP): a consent
 * given is dated, so that the trust can show when it was recorded.
 *
 * @param kind {@code phone}, {@code email}, {@code whatsapp} or {@code postal_address}
 * @param value the number, address or postal address, stripped; e-mail addresses lower-cased
 * @param consentRecordedOn when the consent was recorded; required when {@code consent} is true; left out of
 *     the JSON (as stored and as sent) when there is none
 */
public record Contact(
        String kind,
        String value,
        boolean consent,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<LocalDate> consentRecordedOn) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** Digits with the usual separators and an optional leading +. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]+");

    public Contact {
        Optional<String> problem = findProblem(kind, value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (consent && consentRecordedOn.isEmpty()) {
            throw new IllegalArgumentException("A consent given needs the date it was recorded (consentRecordedOn).");
        }
    }

    /** A contact as given by a client: e-mail addresses are lower-cased. */
    public static Contact of(String kind, String value, boolean consent, Optional<LocalDate> consentRecordedOn) {
        String normalized = kind.equals("email") ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
        return new Contact(kind, normalized, consent, consentRecordedOn);
    }

    /** What is wrong with {@code value} as a contact of {@code kind}, in words for the user. */
    static Optional<String> findProblem(String kind, String value) {
        switch (kind) {
            case "email" -> {
                if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
                    return Optional.of("'" + value + "' is not an e-mail address like nombre@ejemplo.mx.");
                }
            }
            case "phone", "whatsapp" -> {
                long digits = value.chars().filter(Character::isDigit).count();
                if (!PHONE.matcher(value).matches() || digits < 7 || digits > 15) {
                    return Optional.of("'" + value + "' is not a phone number: use 7 to 15 digits, optionally"
                            + " starting with + and the country code (e.g. +52 951 123 4567).");
                }
            }
            case "postal_address" -> {
                if (value.isBlank() || value.length() > 500) {
                    return Optional.of("A postal address is 1 to 500 characters.");
                }
            }
            default -> {
                return Optional.of("A contact's kind is phone, email, whatsapp or postal_address; got '" + kind + "'.");
            }
        }
        return Optional.empty();
    }
}
