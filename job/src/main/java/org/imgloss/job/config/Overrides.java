package org.imgloss.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code --set key.path=value} overrides, applied to the YAML tree before it is bound. The value is
 * read as YAML ({@code 8}, {@code true}, {@code [psnr, ssim]}), the path is dotted, and list items are
 * addressed by index ({@code metrics.1.data_range} or {@code metrics[1].data_range}); under
 * {@code spark.conf.} the rest of the path is one Spark setting name
 * ({@code spark.conf.spark.sql.shuffle.partitions=8}).
 */
final class Overrides {

    private Overrides() {
    }

    static void apply(ObjectNode root, List<String> assignments) throws ConfigException {
        Problems problems = new Problems();
        for (String assignment : assignments) {
            apply(root, assignment, problems);
        }
        problems.throwIfAny();
    }

    private static void apply(ObjectNode root, String assignment, Problems problems) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            problems.add("--set '" + assignment + "'", "expected key=value, e.g. output.format=csv");
            return;
        }
        String key = assignment.substring(0, eq).trim().replaceAll("\\[(\\d+)]", ".$1");
        JsonNode value = yamlValue(assignment.substring(eq + 1));
        String[] parts = key.split("\\.");
        if (parts.length > 3 && parts[0].equals("spark") && parts[1].equals("conf")) {
            parts = new String[] {"spark", "conf", String.join(".", Arrays.copyOfRange(parts, 2, parts.length))};
        }
        JsonNode current = root;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty()) {
                problems.add("--set " + key, "empty key segment");
                return;
            }
            if (current instanceof ObjectNode object) {
                JsonNode next = object.get(part);
                if (last) {
                    object.set(part, value);
                } else if (next == null || next.isNull()) {
                    next = isIndex(parts[i + 1]) ? object.arrayNode() : object.objectNode();
                    object.set(part, next);
                }
                current = next;
            } else if (current instanceof ArrayNode list && isIndex(part)) {
                int index = Integer.parseInt(part);
                if (index > list.size()) {
                    problems.add("--set " + key, "index " + index + " is past the end of a list of " + list.size());
                    return;
                }
                JsonNode next = index < list.size() ? list.get(index) : null;
                if (last || next == null) {
                    next = last ? value : list.objectNode();
                    if (index == list.size()) {
                        list.add(next);
                    } else {
                        list.set(index, next);
                    }
                } else if (next.isTextual()) { // a metric written as a bare name: {name: ...} takes parameters
                    next = list.objectNode().put("name", next.asText());
                    list.set(index, next);
                }
                current = next;
            } else if (current instanceof ArrayNode) {
                problems.add("--set " + key, String.join(".", Arrays.copyOf(parts, i + 1))
                        + " is a list, address its items by index");
                return;
            } else {
                problems.add("--set " + key, String.join(".", Arrays.copyOf(parts, i))
                        + " is a single value, it has no '" + part + "'");
                return;
            }
        }
    }

    /** The value read as YAML; text that is not YAML (or reads as nothing) stays text. */
    private static JsonNode yamlValue(String text) {
        if (text.isBlank()) {
            return TextNode.valueOf("");
        }
        try {
            JsonNode value = ConfigBinder.YAML.readTree(text);
            return value == null || value.isMissingNode() ? TextNode.valueOf(text) : value;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    private static boolean isIndex(String part) {
        return !part.isEmpty() && part.length() < 10 && part.chars().allMatch(Character::isDigit);
    }
}
