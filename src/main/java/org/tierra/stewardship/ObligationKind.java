package org.tierra.stewardship;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tierra.db.DatabaseCode;

/**
 * What a lease obliges its lessees to show, with labels in Spanish and English; the codes are those of
 * {@code obligation.kind}, sent as they are in JSON.
 */
public enum ObligationKind implements DatabaseCode {
    OCCUPANCY_CERTIFICATE("Constancia de ocupación", "Occupancy certificate"),
    SOIL_CONSERVATION_REPORT("Informe de conservación de suelos", "Soil conservation report"),
    INSURANCE_PROOF("Comprobante de seguro", "Proof of insurance"),
    MAINTENANCE_REPORT("Informe de mantenimiento", "Maintenance report"),
    AGRARIAN_ASSEMBLY_ATTENDANCE("Asistencia a la asamblea agraria", "Agrarian assembly attendance"),
    OTHER("Otra obligación", "Other obligation");

    private final String labelSpanish;
    private final String labelEnglish;

    ObligationKind(String labelSpanish, String labelEnglish) {
        this.labelSpanish = labelSpanish;
        this.labelEnglish = labelEnglish;
    }

    /** The code in the API and the database, e.g. {@code insurance_proof}. */
    @JsonValue
    @Override
    public String databaseCode() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The label in {@code language}: Spanish for Spanish, English otherwise. */
    public String label(Locale language) {
        return language.getLanguage().equals("es") ? labelSpanish : labelEnglish;
    }

    public static Optional<ObligationKind> fromCode(String code) {
        return Arrays.stream(values())
                .filter(kind -> kind.databaseCode().equals(code))
                .findFirst();
    }

    /** Every code, for messages that say what is accepted. */
    public static String codes() {
        return Arrays.stream(values()).map(ObligationKind::databaseCode).collect(Collectors.joining(", "));
    }
}
