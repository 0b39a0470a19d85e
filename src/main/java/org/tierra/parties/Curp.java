package org.tierra.parties;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CURP (Clave Única de Registro de Población), checked as RENAPO builds it: four letters from the
 * person's names, the birth date (YYMMDD), sex, the state of birth, three internal consonants, a
 * differentiator that is a digit for births before 2000 and a letter from 2000 on, and a check digit.
 *
 * <p>Only the structure can be checked offline, not that RENAPO issued the key; the point is to catch
 * typos, and to say which part is wrong so that whoever types it can look at the right characters.
 *
 * @param value the 18 upper-case characters
 */
public record Curp(String value) {

    /** RENAPO's alphabet for the check digit: a character's value is its index here. */
    private static final String CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";

    private static final Set<String> STATES = Set.of(
            "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT",
            "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE");

    private static final Pattern INITIALS = Pattern.compile("[A-Z][AEIOUX][A-Z]{2}");
    private static final Pattern CONSONANTS = Pattern.compile("[B-DF-HJ-NP-TV-Z]{3}");

    public Curp {
        Optional<String> problem = findProblem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * The CURP in {@code text}, upper-cased and stripped, or what is wrong with it.
     *
     * @throws IllegalArgumentException naming the wrong part (its message is meant for the user)
     */
    public static Curp parse(String text) {
        return new Curp(text.strip().toUpperCase(Locale.ROOT));
    }

    /** The birth date the CURP holds (its century told by the differentiator, character 17). */
    public LocalDate birthDate() {
        return birthDateOf(value).orElseThrow();
    }

    /** What is wrong with an upper-case CURP, in words that point at the characters to look at. */
    static Optional<String> findProblem(String curp) {
        if (curp.length() != 18) {
            return Optional.of("A CURP has 18 characters; this one has " + curp.length() + ".");
        }
        if (!INITIALS.matcher(curp.substring(0, 4)).matches()) {
            return Optional.of("Characters 1-4 of a CURP are letters from the names, the second a vowel or X; got '"
                    + curp.substring(0, 4) + "'.");
        }
        if (!curp.substring(4, 10).chars().allMatch(Character::isDigit)) {
            return Optional.of("Characters 5-10 of a CURP are the birth date as YYMMDD digits; got '"
                    + curp.substring(4, 10) + "'.");
        }
        char differentiator = curp.charAt(16);
        if (!(differentiator >= '0' && differentiator <= '9') && !(differentiator >= 'A' && differentiator <= 'Z')) {
            return Optional.of("Character 17 of a CURP is a digit (born before 2000) or a letter (from 2000 on); got '"
                    + differentiator + "'.");
        }
        Optional<LocalDate> birth = birthDateOf(curp);
        if (birth.isEmpty()) {
            return Optional.of("Characters 5-10 of a CURP are the birth date YYMMDD; '" + curp.substring(4, 10)
                    + "' is not a real date"
                    + (Character.isDigit(differentiator) ? " in the 1900s." : " in the 2000s."));
        }
        if (birth.get().isAfter(latestToday())) {
            return Optional.of("Characters 5-10 of a CURP are the birth date; " + birth.get()
                    + " is in the future (character 17, a letter, places the birth in the 2000s).");
        }
        char sex = curp.charAt(10);
        if (sex != 'H' && sex != 'M' && sex != 'X') {
            return Optional.of("Character 11 of a CURP is H, M or X; got '" + sex + "'.");
        }
        String state = curp.substring(11, 13);
        if (!STATES.contains(state)) {
            return Optional.of("Characters 12-13 of a CURP are the state of birth (e.g. OC for Oaxaca, NE for born"
                    + " abroad); '" + state + "' is not one.");
        }
        if (!CONSONANTS.matcher(curp.substring(13, 16)).matches()) {
            return Optional.of(
                    "Characters 14-16 of a CURP are consonants from the names; got '" + curp.substring(13, 16) + "'.");
        }
        char expected = checkDigit(curp.substring(0, 17));
        if (curp.charAt(17) != expected) {
            return Optional.of("The check digit (character 18) of this CURP should be " + expected + ", not "
                    + curp.charAt(17) + ": one of the 18 characters is mistyped.");
        }
        return Optional.empty();
    }

    /**
     * Today where the day begins first (UTC+14): a date after it is in the future everywhere, so no
     * client's local today is refused as "future".
     */
    static LocalDate latestToday() {
        return LocalDate.now(ZoneOffset.ofHours(14));
    }

    /** RENAPO's check digit of the first 17 characters, which must be valid CURP characters. */
    static char checkDigit(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CHECK_ALPHABET.indexOf(first17.charAt(i)) * (18 - i);
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static Optional<LocalDate> birthDateOf(String curp) {
        int century = Character.isDigit(curp.charAt(16)) ? 1900 : 2000;
        try {
            return Optional.of(LocalDate.of(
                    century + Integer.parseInt(curp.substring(4, 6)),
                    Integer.parseInt(curp.substring(6, 8)),
                    Integer.parseInt(curp.substring(8, 10))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
