package org.tierra.geo;

import java.util.Locale;
import java.util.Map;

/**
 * What each geometry finding tells a person, in Mexican Spanish and in English: what is wrong, where,
 * and what to do about it. Every rule has a message in both languages (a test checks it).
 */
final class GeometryMessages {

    private GeometryMessages() {}

    /** Rule id → {Spanish, English}. {@code %s} is replaced by the place ("Polygon 1, outer ring: "). */
    static final Map<String, String[]> TEMPLATES = Map.ofEntries(
            Map.entry("missing-geometry", new String[] {
                "Falta la geometría: envíe un Polygon o MultiPolygon de GeoJSON.",
                "The geometry is missing: send a GeoJSON Polygon or MultiPolygon."
            }),
            Map.entry("missing-geometry-type", new String[] {
                "La geometría no dice su tipo (\"type\"): Polygon o MultiPolygon.",
                "The geometry has no \"type\": Polygon or MultiPolygon."
            }),
            Map.entry("unsupported-geometry-type", new String[] {
                "Una parcela es un Polygon o un MultiPolygon; se recibió %s.",
                "A parcel is a Polygon or a MultiPolygon; got %s."
            }),
            Map.entry("malformed-coordinates", new String[] {
                "%slas coordenadas deben ser listas (arrays) de posiciones.",
                "%sthe coordinates must be arrays of positions."
            }),
            Map.entry("malformed-position", new String[] {
                "%suna posición debe ser [x, y] con números (o [x, y, z]).",
                "%sa position must be [x, y] in numbers (or [x, y, z])."
            }),
            Map.entry("empty", new String[] {"%sla geometría está vacía.", "%sthe geometry is empty."}),
            Map.entry("non-finite-coordinate", new String[] {
                "%sla coordenada no es un número finito (NaN, infinito o demasiado grande).",
                "%sthe coordinate is not a finite number (NaN, infinity or too large)."
            }),
            Map.entry("coordinate-out-of-range", new String[] {
                "%sel punto está fuera de los grados válidos (longitud ±180, latitud ±90).%s",
                "%sthe point is outside valid degrees (longitude ±180, latitude ±90).%s"
            }),
            Map.entry("too-few-points", new String[] {
                "%sun anillo necesita al menos 3 esquinas distintas y 4 posiciones (la primera repetida al final).",
                "%sa ring needs at least 3 distinct corners and 4 positions (the first repeated at the end)."
            }),
            Map.entry("ring-not-closed", new String[] {
                "%sel anillo no está cerrado: la última posición debe repetir la primera.",
                "%sthe ring is not closed: its last position must repeat its first."
            }),
            Map.entry("duplicate-consecutive-points", new String[] {
                "%sel mismo punto aparece dos veces seguidas; quite el repetido (o pida una reparación).",
                "%sthe same point appears twice in a row; remove the repeat (or ask for a repair)."
            }),
            Map.entry("self-intersection", new String[] {
                "%sel límite se cruza o se toca a sí mismo en este punto; trácelo de nuevo para que los lados"
                        + " solo se unan en sus extremos.",
                "%sthe boundary crosses or touches itself at this point; redraw it so that edges meet only at"
                        + " their ends."
            }),
            Map.entry("ring-self-intersection", new String[] {
                "%sel anillo se toca a sí mismo en este punto.", "%sthe ring touches itself at this point."
            }),
            Map.entry("hole-outside-shell", new String[] {
                "%sel hueco queda fuera del anillo exterior.", "%sthe hole lies outside the outer ring."
            }),
            Map.entry(
                    "nested-holes",
                    new String[] {"%sun hueco está dentro de otro hueco.", "%sa hole lies inside another hole."}),
            Map.entry("disconnected-interior", new String[] {
                "%slos huecos parten el interior en pedazos separados; use parcelas o polígonos distintos.",
                "%sthe holes cut the interior into separate pieces; use separate polygons or parcels."
            }),
            Map.entry("nested-shells", new String[] {
                "%sun polígono del MultiPolygon está dentro de otro; use un hueco o parcelas separadas.",
                "%sone polygon of the MultiPolygon lies inside another; use a hole or separate parcels."
            }),
            Map.entry("overlapping-polygons", new String[] {
                "%slos polígonos del MultiPolygon se enciman; cada pedazo de tierra debe aparecer una sola vez.",
                "%sthe MultiPolygon's polygons overlap; each piece of land must appear once."
            }),
            Map.entry(
                    "duplicate-rings",
                    new String[] {"%sel mismo anillo aparece dos veces.", "%sthe same ring appears twice."}),
            Map.entry("too-many-vertices", new String[] {
                "El límite tiene %s vértices; el máximo es %s. Simplifíquelo o divida la parcela.",
                "The boundary has %s vertices; the maximum is %s. Simplify it or split the parcel."
            }),
            Map.entry(
                    "invalid-geometry", new String[] {"%sla geometría no es válida.", "%sthe geometry is not valid."}),
            Map.entry("z-dropped", new String[] {
                "Se descartaron las alturas (Z): Tierra guarda límites en el plano.",
                "Heights (Z) were dropped: Tierra stores boundaries in the plane."
            }),
            Map.entry("m-dropped", new String[] {
                "Se descartaron los valores M de las posiciones.", "M values were dropped from the positions."
            }));

    static String message(GeometryFinding finding, Locale locale) {
        boolean spanish = locale.getLanguage().equals("es");
        String[] templates = TEMPLATES.getOrDefault(finding.rule(), TEMPLATES.get("invalid-geometry"));
        String template = templates[spanish ? 0 : 1];
        Map<String, Object> where = finding.where();
        String text =
                switch (finding.rule()) {
                    case "unsupported-geometry-type" ->
                        String.format(Locale.ROOT, template, where.getOrDefault("type", "?"));
                    case "too-many-vertices" ->
                        String.format(Locale.ROOT, template, where.get("vertices"), where.get("maximum"));
                    case "coordinate-out-of-range" ->
                        String.format(Locale.ROOT, template, place(where, spanish), hint(where, spanish));
                    default ->
                        template.contains("%s")
                                ? String.format(Locale.ROOT, template, place(where, spanish))
                                : template;
                };
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "Polygon 2, hole 1, position 5: " — or nothing when the finding concerns the whole geometry. */
    private static String place(Map<String, Object> where, boolean spanish) {
        StringBuilder place = new StringBuilder();
        if (where.containsKey("polygon")) {
            place.append(spanish ? "Polígono " : "Polygon ").append(where.get("polygon"));
        }
        if (where.containsKey("ring")) {
            String ring = String.valueOf(where.get("ring"));
            String named = ring.equals("outer")
                    ? (spanish ? "anillo exterior" : "outer ring")
                    : (spanish ? ring.replace("hole", "hueco") : ring);
            place.append(place.length() > 0 ? ", " : "").append(named);
        }
        if (where.containsKey("position")) {
            place.append(place.length() > 0 ? ", " : "")
                    .append(spanish ? "posición " : "position ")
                    .append(where.get("position"));
        }
        if (place.length() == 0) {
            return "";
        }
        return place.append(": ").toString();
    }

    private static String hint(Map<String, Object> where, boolean spanish) {
        if (!"axis-order".equals(where.get("hint"))) {
            return "";
        }
        return spanish
                ? " Parece latitud, longitud: GeoJSON pone primero la longitud."
                : " It looks like latitude, longitude: GeoJSON puts longitude first.";
    }
}
