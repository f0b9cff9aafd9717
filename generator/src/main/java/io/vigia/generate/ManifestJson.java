package io.vigia.generate;

import java.util.List;
import java.util.Map;

/** Pretty-prints a tree of maps, lists, strings, numbers and booleans as JSON, in insertion order. */
public final class ManifestJson {
    private ManifestJson() {
    }

    public static String write(Object tree) {
        StringBuilder sb = new StringBuilder(1 << 16);
        value(sb, tree, 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                JsonOut.quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                value(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean scalars = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            if (scalars) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    value(sb, l.get(i), indent);
                }
                sb.append(']');
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(sb, indent + 1);
                value(sb, l.get(i), indent + 1);
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            JsonOut.fixed(sb, ((Number) v).doubleValue(), 8);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            JsonOut.quote(sb, v.toString());
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        for (int i = 0; i < indent; i++) {
            sb.append("  ");
        }
    }
}
