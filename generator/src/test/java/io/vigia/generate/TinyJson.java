package io.vigia.generate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 8259 JSON parser for tests, independent of the generator's writer. */
final class TinyJson {
    static final class ParseError extends RuntimeException {
        final boolean nonFinite;

        ParseError(String message, boolean nonFinite) {
            super(message);
            this.nonFinite = nonFinite;
        }
    }

    private final String s;
    private int i;

    private TinyJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        TinyJson p = new TinyJson(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new ParseError("trailing characters at " + p.i, false);
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private Object value() {
        if (i >= s.length()) {
            throw new ParseError("unexpected end", false);
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            case 'N':
            case 'I':
                throw new ParseError("non-finite literal at " + i, true);
            default:
                if (c == '-' && s.startsWith("-Infinity", i)) {
                    throw new ParseError("non-finite literal at " + i, true);
                }
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new ParseError("unexpected character '" + c + "' at " + i, false);
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw new ParseError("bad literal at " + i, false);
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw new ParseError("expected key at " + i, false);
            }
            String k = string();
            ws();
            expect(':');
            ws();
            Object v = value();
            if (m.containsKey(k)) {
                throw new ParseError("duplicate key " + k, false);
            }
            m.put(k, v);
            ws();
            if (i >= s.length()) {
                throw new ParseError("unterminated object", false);
            }
            char c = s.charAt(i++);
            if (c == '}') {
                return m;
            }
            if (c != ',') {
                throw new ParseError("expected , or } at " + (i - 1), false);
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return l;
        }
        while (true) {
            ws();
            l.add(value());
            ws();
            if (i >= s.length()) {
                throw new ParseError("unterminated array", false);
            }
            char c = s.charAt(i++);
            if (c == ']') {
                return l;
            }
            if (c != ',') {
                throw new ParseError("expected , or ] at " + (i - 1), false);
            }
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw new ParseError("expected " + c + " at " + i, false);
        }
        i++;
    }

    private String string() {
        i++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new ParseError("unterminated string", false);
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new ParseError("control character in string", false);
            }
            if (c == '\\') {
                if (i >= s.length()) {
                    throw new ParseError("unterminated escape", false);
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new ParseError("bad unicode escape", false);
                        }
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new ParseError("bad escape \\" + e, false);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private BigDecimal number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
            throw new ParseError("bad number at " + start, false);
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            int d = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (d == i) {
                throw new ParseError("bad fraction at " + start, false);
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int d = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (d == i) {
                throw new ParseError("bad exponent at " + start, false);
            }
        }
        return new BigDecimal(s.substring(start, i));
    }
}
