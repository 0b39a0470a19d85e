package org.tierra.parties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFCs of persons (13 characters) and legal persons (12), checked for shape and a real date. */
class RfcTest {

    @ParameterizedTest(name = "{0} (person: {1}) is valid")
    @CsvSource({
        "GODE561231GR8, true",
        "MAPA850614KQ1, true",
        // Ñ and & are letters an RFC may hold
        "PEÑA800101AB2, true",
        "' loma9002287a1 ', true",
        // legal persons: a cooperative founded on 29 Feb 2000
        "SCA000229H5A, false",
        "C&A920101QT3, false",
    })
    void acceptsWellFormedRfcs(String text, boolean person) {
        assertThat(Rfc.parse(text, person).value()).isEqualTo(text.strip().toUpperCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest(name = "{0} (person: {1}): {2}")
    @CsvSource({
        "SCA000229H5A, true, has 13 characters; this one has 12",
        "GODE561231GR8, false, has 12 characters; this one has 13",
        "G0DE561231GR8, true, Characters 1-4",
        "GODE561331GR8, true, '561331' is not a real date",
        "GODE010229GR8, true, '010229' is not a real date",
        "SCA0A0229H5A, false, Characters 4-9",
        "GODE561231GR-, true, homoclave",
        "GODE561231GRB, true, homoclave",
    })
    void namesThePartThatIsWrong(String text, boolean person, String message) {
        assertThatThrownBy(() -> Rfc.parse(text, person))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
