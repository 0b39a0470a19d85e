package org.tierra.ogcapi.cql2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.tierra.ogcapi.cql2.Expression.Call;
import org.tierra.ogcapi.cql2.Expression.Origin;

/**
 * Reads CQL2 text (OGC 21-065) by recursive descent: boolean logic, comparisons, LIKE, BETWEEN, IN,
 * IS NULL, CASEI, and the spatial and temporal functions with their literals. Every error names the
 * character where reading stopped.
 */
public final class Cql2Text {

    private static final int MAX_DEPTH = 64;
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", ">", "<=", ">=");
    private static final Set<String> WKT_TYPES = Set.of(
            "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");

    private final String text;
    /** The draft CQL that GDAL's OAPIF driver writes ({@code filter-lang=cql-text}) also has ILIKE. */
    private final boolean draftCql;

    private int index;
    private int depth;

    private Cql2Text(String text, boolean draftCql) {
        this.text = text;
        this.draftCql = draftCql;
    }

    /** Reads a CQL2 text filter ({@code filter-lang=cql2-text}). */
    public static Expression parse(String text) {
        return parse(text, false);
    }

    /**
     * Reads the draft CQL text that GDAL's OAPIF driver (3.x) sends as {@code filter-lang=cql-text}:
     * CQL2 text, plus {@code a ILIKE b}, read as {@code CASEI(a) LIKE CASEI(b)}.
     */
    public static Expression parseDraft(String text) {
        return parse(text, true);
    }

    private static Expression parse(String text, boolean draftCql) {
        Cql2Text parser = new Cql2Text(text, draftCql);
        parser.skipSpace();
        if (parser.atEnd()) {
            throw new Cql2Exception("The filter is empty", Origin.at(1));
        }
        Expression expression = parser.orExpression();
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.error("Expected AND, OR or the end of the filter, found '" + parser.peekWord() + "'");
        }
        return expression;
    }

    private Expression orExpression() {
        Expression left = andExpression();
        while (acceptKeyword("OR")) {
            Origin origin = here();
            left = new Call("or", List.of(left, andExpression()), origin);
        }
        return left;
    }

    private Expression andExpression() {
        Expression left = notExpression();
        while (acceptKeyword("AND")) {
            Origin origin = here();
            left = new Call("and", List.of(left, notExpression()), origin);
        }
        return left;
    }

    private Expression notExpression() {
        Origin origin = here();
        if (acceptKeyword("NOT")) {
            return new Call("not", List.of(nested(this::notExpression)), origin);
        }
        if (accept("(")) {
            Expression inner = nested(this::orExpression);
            expect(")");
            return inner;
        }
        return predicate();
    }

    private <T> T nested(java.util.function.Supplier<T> parse) {
        if (++depth > MAX_DEPTH) {
            throw error("The filter nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return parse.get();
        } finally {
            depth--;
        }
    }

    /** An operand, then whatever comparison follows it; a lone operand (a boolean) stands as it is. */
    private Expression predicate() {
        Expression left = operand();
        skipSpace();
        Origin origin = here();
        String operator = peekOperator();
        if (operator != null) {
            index += operator.length();
            return new Call(operator, List.of(left, operand()), origin);
        }
        if (acceptKeyword("IS")) {
            boolean negated = acceptKeyword("NOT");
            expectKeyword("NULL");
            return negate(negated, new Call("isnull", List.of(left), origin));
        }
        boolean negated = acceptKeyword("NOT");
        if (acceptKeyword("LIKE")) {
            return negate(negated, new Call("like", List.of(left, operand()), origin));
        }
        if (draftCql && acceptKeyword("ILIKE")) {
            Expression pattern = operand();
            return negate(
                    negated,
                    new Call(
                            "like",
                            List.of(
                                    new Call("casei", List.of(left), origin),
                                    new Call("casei", List.of(pattern), pattern.origin())),
                            origin));
        }
        if (acceptKeyword("BETWEEN")) {
            Expression low = operand();
            expectKeyword("AND");
            return negate(negated, new Call("between", List.of(left, low, operand()), origin));
        }
        if (acceptKeyword("IN")) {
            Origin listOrigin = here();
            expect("(");
            List<Expression> items = arguments();
            return negate(
                    negated, new Call("in", List.of(left, new Expression.ArrayLiteral(items, listOrigin)), origin));
        }
        if (negated) {
            throw error("Expected LIKE, BETWEEN or IN after NOT");
        }
        return left;
    }

    private static Expression negate(boolean negated, Expression expression) {
        return negated ? new Call("not", List.of(expression), expression.origin()) : expression;
    }

    private Expression operand() {
        skipSpace();
        Origin origin = here();
        if (atEnd()) {
            throw error("The filter ends where a property or a value was expected");
        }
        char c = text.charAt(index);
        if (c == '\'') {
            return new Expression.TextLiteral(string(), origin);
        }
        if (c == '"') {
            return new Expression.Property(quotedIdentifier(), origin);
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return new Expression.NumberLiteral(number(), origin);
        }
        if (c == '(') {
            return nested(() -> {
                index++;
                Expression inner = orExpression();
                expect(")");
                return inner;
            });
        }
        if (!isIdentifierStart(c)) {
            throw error("Expected a property or a value, found '" + c + "'");
        }
        int start = index;
        String word = word();
        String upper = word.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "TRUE", "FALSE" -> {
                return new Expression.BooleanLiteral(upper.equals("TRUE"), origin);
            }
            case "TIMESTAMP" -> {
                return Literals.timestamp(singleStringArgument(), origin);
            }
            case "DATE" -> {
                return Literals.date(singleStringArgument(), origin);
            }
            case "INTERVAL" -> {
                return interval(origin);
            }
            case "BBOX" -> {
                return bbox(origin);
            }
            default -> {}
        }
        if (WKT_TYPES.contains(upper)) {
            return wkt(start, origin);
        }
        skipSpace();
        if (accept("(")) {
            return new Call(upper.toLowerCase(Locale.ROOT), nested(this::arguments), origin);
        }
        return new Expression.Property(word, origin);
    }

    /** The arguments of a call, after its opening parenthesis, through its closing one. */
    private List<Expression> arguments() {
        List<Expression> items = new ArrayList<>();
        skipSpace();
        if (accept(")")) {
            return items;
        }
        do {
            items.add(argument());
        } while (accept(","));
        expect(")");
        return items;
    }

    /** A function argument may itself be a condition, as in NOT(...) written as a call. */
    private Expression argument() {
        return nested(this::orExpression);
    }

    private String singleStringArgument() {
        expect("(");
        skipSpace();
        if (atEnd() || text.charAt(index) != '\'') {
            throw error("Expected a quoted string, such as '2024-05-01'");
        }
        String value = string();
        expect(")");
        return value;
    }

    private Expression interval(Origin origin) {
        expect("(");
        String start = intervalEnd();
        expect(",");
        String end = intervalEnd();
        expect(")");
        return Literals.interval(start, end, origin);
    }

    private String intervalEnd() {
        skipSpace();
        if (atEnd() || text.charAt(index) != '\'') {
            throw error("An INTERVAL's ends are quoted dates, timestamps or '..'");
        }
        return string();
    }

    private Expression bbox(Origin origin) {
        expect("(");
        List<Double> values = new ArrayList<>();
        do {
            skipSpace();
            values.add(number().doubleValue());
        } while (accept(","));
        expect(")");
        return Literals.bbox(values, origin);
    }

    /** A WKT geometry: read to its matching parenthesis and handed whole to JTS. */
    private Expression wkt(int start, Origin origin) {
        int open = 0;
        boolean seenParenthesis = false;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '(') {
                open++;
                seenParenthesis = true;
            } else if (c == ')') {
                if (open == 0) {
                    break;
                }
                open--;
            }
            index++;
            if (seenParenthesis && open == 0) {
                break;
            }
            if (!seenParenthesis && text.regionMatches(true, index, "EMPTY", 0, 5)) {
                index += 5;
                break;
            }
        }
        if (open != 0) {
            throw new Cql2Exception("The geometry's parentheses do not close", origin);
        }
        try {
            Geometry geometry = new WKTReader(Literals.FACTORY).read(text.substring(start, index));
            return Literals.geometry(geometry, origin);
        } catch (ParseException | IllegalArgumentException e) {
            // JTS reports some malformed shapes (an unclosed ring) as IllegalArgumentException
            throw new Cql2Exception("The geometry is not valid WKT: " + e.getMessage(), origin);
        }
    }

    private String string() {
        StringBuilder value = new StringBuilder();
        int start = index;
        index++;
        while (index < text.length()) {
            char c = text.charAt(index++);
            if (c == '\'') {
                if (index < text.length() && text.charAt(index) == '\'') {
                    value.append('\'');
                    index++;
                } else {
                    return value.toString();
                }
            } else {
                value.append(c);
            }
        }
        throw new Cql2Exception("The string is not closed; end it with '", Origin.at(start + 1));
    }

    private String quotedIdentifier() {
        int start = index;
        int close = text.indexOf('"', index + 1);
        if (close < 0) {
            throw new Cql2Exception("The quoted property name is not closed; end it with \"", Origin.at(start + 1));
        }
        index = close + 1;
        return text.substring(start + 1, close);
    }

    private BigDecimal number() {
        int start = index;
        if (index < text.length() && (text.charAt(index) == '-' || text.charAt(index) == '+')) {
            index++;
        }
        while (index < text.length()
                && isNumberPart(text.charAt(index), index > start ? text.charAt(index - 1) : ' ')) {
            index++;
        }
        String literal = text.substring(start, index);
        try {
            return new BigDecimal(literal.startsWith("+") ? literal.substring(1) : literal);
        } catch (NumberFormatException e) {
            throw new Cql2Exception("'" + literal + "' is not a number", Origin.at(start + 1));
        }
    }

    private static boolean isNumberPart(char c, char previous) {
        return Character.isDigit(c)
                || c == '.'
                || c == 'e'
                || c == 'E'
                || ((c == '-' || c == '+') && (previous == 'e' || previous == 'E'));
    }

    private String word() {
        int start = index;
        while (index < text.length() && isIdentifierPart(text.charAt(index))) {
            index++;
        }
        return text.substring(start, index);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':';
    }

    private String peekOperator() {
        for (String operator : List.of("<=", ">=", "<>", "=", "<", ">")) {
            if (text.startsWith(operator, index)) {
                return COMPARISONS.contains(operator) ? operator : null;
            }
        }
        if (text.startsWith("!=", index)) {
            throw error("CQL2 writes 'not equal' as <>");
        }
        return null;
    }

    private boolean acceptKeyword(String keyword) {
        skipSpace();
        int end = index + keyword.length();
        if (text.regionMatches(true, index, keyword, 0, keyword.length())
                && (end == text.length() || !isIdentifierPart(text.charAt(end)))) {
            index = end;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw error("Expected " + keyword + ", found '" + peekWord() + "'");
        }
    }

    private boolean accept(String symbol) {
        skipSpace();
        if (text.startsWith(symbol, index)) {
            index += symbol.length();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw error(
                    "Expected '" + symbol + "', found " + (atEnd() ? "the end of the filter" : "'" + peekWord() + "'"));
        }
    }

    private String peekWord() {
        skipSpace();
        int end = index;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && end - index < 20) {
            end++;
        }
        return text.substring(index, Math.max(end, Math.min(index + 1, text.length())));
    }

    private void skipSpace() {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
    }

    private boolean atEnd() {
        return index >= text.length();
    }

    private Origin here() {
        skipSpace();
        return Origin.at(index + 1);
    }

    private Cql2Exception error(String message) {
        return new Cql2Exception(message, here());
    }
}
