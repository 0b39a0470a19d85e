package org.tierra.parties;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An RFC (Registro Federal de Contribuyentes, SAT's tax id): 13 characters for a person (four letters
 * from the names), 12 for a legal person such as a cooperative (three letters from its name), then the
 * date of birth or incorporation (YYMMDD) and a three-character homoclave ending in a digit or A.
 *
 * <p>Checked for shape and a real date only: the homoclave is assigned by SAT and cannot be recomputed
 * without the full registered name.
 *
 * @param value the upper-case characters
 */
public record Rfc(String value) {

    private static final Pattern PERSON_LETTERS = Pattern.compile("[A-ZÑ&]{4}");
    private static final Pattern LEGAL_LETTERS = Pattern.compile("[A-ZÑ&]{3}");
    private static final Pattern HOMOCLAVE = Pattern.compile("[A-Z0-9]{2}[0-9A]");

    public Rfc {
        Optional<String> problem = findProblem(value, value.length() == 13);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * The RFC in {@code text}, upper-cased and stripped, for a person or a legal person.
     *
     * @throws IllegalArgumentException naming the wrong part (its message is meant for the user)
     */
    public static Rfc parse(String text, boolean person) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        Optional<String> problem = findProblem(upper, person);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new Rfc(upper);
    }

    /** What is wrong with an upper-case RFC for a person ({@code person}) or a legal person. */
    static Optional<String> findProblem(String rfc, boolean person) {
        int length = person ? 13 : 12;
        int letters = person ? 4 : 3;
        if (rfc.length() != length) {
            return Optional.of("The RFC of " + (person ? "a person" : "a cooperative or organization") + " has "
                    + length + " characters; this one has " + rfc.length() + ".");
        }
        Pattern letterPattern = person ? PERSON_LETTERS : LEGAL_LETTERS;
        if (!letterPattern.matcher(rfc.substring(0, letters)).matches()) {
            return Optional.of("Characters 1-" + letters + " of this RFC are letters (A-Z, Ñ or &) from the name; got '"
                    + rfc.substring(0, letters) + "'.");
        }
        String date = rfc.substring(letters, letters + 6);
        if (!date.chars().allMatch(c -> c >= '0' && c <= '9') || !isRealDate(date)) {
            return Optional.of("Characters " + (letters + 1) + "-" + (letters + 6)
                    + " of this RFC are a date as YYMMDD; '" + date + "' is not a real date.");
        }
        String homoclave = rfc.substring(letters + 6);
        if (!HOMOCLAVE.matcher(homoclave).matches()) {
            return Optional.of("The last three characters of an RFC (the homoclave) are two letters or digits and a"
                    + " digit or A; got '" + homoclave + "'.");
        }
        return Optional.empty();
    }

    /** YYMMDD is a real date in the 1900s or the 2000s (29 February needs a leap year in one of them). */
    private static boolean isRealDate(String yymmdd) {
        int year = Integer.parseInt(yymmdd.substring(0, 2));
        int month = Integer.parseInt(yymmdd.substring(2, 4));
        int day = Integer.parseInt(yymmdd.substring(4, 6));
        for (int century : new int[] {1900, 2000}) {
            try {
                LocalDate.of(century + year, month, day);
                return true;
            } catch (DateTimeException e) {
                // try the other century
            }
        }
        return false;
    }
}
