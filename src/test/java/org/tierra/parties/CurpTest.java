package org.tierra.parties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CURPs checked part by part, with RENAPO's check digit; the message names the part that is wrong. */
class CurpTest {

    @ParameterizedTest(name = "{0} is valid")
    @CsvSource({
        "HEGG560427MVZRRL04, 1956-04-27",
        "BEML920313HCMLNS09, 1992-03-13",
        "MAPA850614MOCRRN05, 1985-06-14",
        // a letter as character 17: born in the 2000s; 2004 is a leap year
        "LOSR040229MOCPNBA0, 2004-02-29",
        // X for sex, NE for born abroad
        "PERJ631115XNERRS04, 1963-11-15",
        // lower case and spaces around are tidied, not refused
        "' cecp750101hocnnl08 ', 1975-01-01",
    })
    void acceptsRealCurps(String text, LocalDate birthDate) {
        Curp curp = Curp.parse(text);

        assertThat(curp.value()).isEqualTo(text.strip().toUpperCase(java.util.Locale.ROOT));
        assertThat(curp.birthDate()).isEqualTo(birthDate);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "HEGG560427MVZRRL0, 18 characters; this one has 17",
        "HEGG560427MVZRRL045, 18 characters; this one has 19",
        // one character mistyped: the check digit no longer matches
        "HEGG560427MVZRRL05, should be 4, not 5",
        "BEML920313HCMLNS08, should be 9, not 8",
        "H3GG560427MVZRRL04, Characters 1-4",
        "HBGG560427MVZRRL04, Characters 1-4",
        "HEGG56O427MVZRRL04, Characters 5-10",
        // 31 February, and 29 February in a year that is not a leap year
        "GOPE560231HDFRRN04, '560231' is not a real date in the 1900s",
        "LOSR020229HOCPNBA6, '020229' is not a real date in the 2000s",
        "LOSR400101HOCPNBA9, 2040-01-01 is in the future",
        "GOPE561231RDFRRN04, Character 11 of a CURP is H, M or X",
        "GOPE561231HZZRRN05, 'ZZ' is not one",
        "GOPE561231HDFRAN04, Characters 14-16",
        "GOPE561231HDFRRN.4, Character 17",
    })
    void namesThePartThatIsWrong(String text, String message) {
        assertThatThrownBy(() -> Curp.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "check digit of {0} is {1}")
    @CsvSource({"HEGG560427MVZRRL0, 4", "BEML920313HCMLNS0, 9", "SAPJ800101HOCNRN0, 6"})
    void computesRenaposCheckDigit(String first17, char digit) {
        assertThat(Curp.checkDigit(first17)).isEqualTo(digit);
    }
}
