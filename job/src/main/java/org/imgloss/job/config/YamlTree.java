package org.imgloss.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads config text into a tree with the limits a config file has: YAML's special floats ({@code .nan},
 * {@code .inf}, which Jackson's YAML parser cannot read as numbers) become numbers that the field then
 * rejects or accepts, so that they are problems of their field and not of the whole file; a YAML alias
 * ({@code *name}), which Jackson would read as the anchor's <em>name</em>, is a problem of its field
 * (aliases are not supported: the value is written out); and a text value or key longer than
 * {@link ConfigLoader#MAX_SCALAR_CHARS} is a problem of its field.
 */
final class YamlTree {

    private static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.(nan|NaN|NAN|inf|Inf|INF)");

    private YamlTree() {
    }

    /** The tree of {@code text} (null when empty), with each alias and over-long text replaced by null and reported. */
    static JsonNode read(String text, Problems problems) throws IOException {
        List<String[]> aliases = new ArrayList<>();
        JsonNode tree;
        try (JsonParser raw = ConfigBinder.YAML.createParser(text)) {
            tree = ConfigBinder.YAML.readTree(new Checked(raw, aliases));
        }
        for (String[] alias : aliases) {
            JsonPointer at = JsonPointer.compile(alias[0]);
            problems.add(dotted(at), "YAML aliases are not supported (*" + alias[1] + "); write the value itself");
            clear(tree, at);
        }
        tooLong(tree, JsonPointer.empty(), problems);
        return tree;
    }

    /** Reports (and clears) every text value or key longer than the limit, depth first. */
    private static void tooLong(JsonNode node, JsonPointer at, Problems problems) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonPointer child = at.appendProperty(field.getKey());
                if (field.getKey().length() > ConfigLoader.MAX_SCALAR_CHARS) {
                    problems.add(dotted(at) + (at.matches() ? "" : ".") + "<key>", tooLong(field.getKey()));
                    it.remove();
                } else if (field.getValue().isTextual() && field.getValue().asText().length() > ConfigLoader.MAX_SCALAR_CHARS) {
                    problems.add(dotted(child), tooLong(field.getValue().asText()));
                    field.setValue(NullNode.getInstance());
                } else {
                    tooLong(field.getValue(), child, problems);
                }
            }
        } else if (node instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (item.isTextual() && item.asText().length() > ConfigLoader.MAX_SCALAR_CHARS) {
                    problems.add(dotted(at.appendIndex(i)), tooLong(item.asText()));
                    list.set(i, NullNode.getInstance());
                } else {
                    tooLong(item, at.appendIndex(i), problems);
                }
            }
        }
    }

    private static String tooLong(String text) {
        return "a text of " + text.length() + " characters; at most " + ConfigLoader.MAX_SCALAR_CHARS + " are allowed";
    }

    private static void clear(JsonNode tree, JsonPointer at) {
        JsonNode parent = tree == null ? null : tree.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), NullNode.getInstance());
        } else if (parent instanceof ArrayNode list && at.last().getMatchingIndex() >= 0) {
            list.set(at.last().getMatchingIndex(), NullNode.getInstance());
        }
    }

    /** {@code /metrics/2/as} as the config's messages name it: {@code metrics[2].as}. */
    static String dotted(JsonPointer at) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(p.getMatchingProperty());
            }
        }
        return out.toString();
    }

    /** The YAML parser's tokens, with special floats as numbers and aliases noted. */
    private static final class Checked extends JsonParserDelegate {
        private final List<String[]> aliases;

        Checked(JsonParser yaml, List<String[]> aliases) {
            super(yaml);
            this.aliases = aliases;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (t != null && t.isScalarValue() && delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                aliases.add(new String[] {getParsingContext().pathAsPointer().toString(), getText()});
            }
            return t;
        }

        private boolean special() throws IOException {
            return currentToken() == JsonToken.VALUE_NUMBER_FLOAT && SPECIAL_FLOAT.matcher(getText()).matches();
        }

        private double specialValue() throws IOException {
            String t = getText().toLowerCase(java.util.Locale.ROOT);
            return t.contains("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        @Override
        public NumberType getNumberType() throws IOException {
            return special() ? NumberType.DOUBLE : super.getNumberType();
        }

        @Override
        public Number getNumberValue() throws IOException {
            return special() ? (Number) specialValue() : super.getNumberValue();
        }

        @Override
        public Number getNumberValueExact() throws IOException {
            return special() ? (Number) specialValue() : super.getNumberValueExact();
        }

        @Override
        public double getDoubleValue() throws IOException {
            return special() ? specialValue() : super.getDoubleValue();
        }

        @Override
        public float getFloatValue() throws IOException {
            return special() ? (float) specialValue() : super.getFloatValue();
        }

        @Override
        public BigDecimal getDecimalValue() throws IOException {
            if (special()) {
                throw new NumberFormatException(getText() + " is not a decimal number");
            }
            return super.getDecimalValue();
        }
    }
}
