package org.imgloss.job.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.MapType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.imgloss.metrics.NearestName;

/**
 * Binds the YAML tree to the config records with Jackson, collecting every mistake into {@link Problems}
 * instead of stopping at the first, each named by its dotted path ({@code metrics[2].params.win_size}):
 * <ul>
 *   <li>an unknown key, with the known keys of its section (the {@code @JsonProperty} names of the
 *       record's creator, in order);</li>
 *   <li>a value of the wrong type ({@code must be a number, got 'abc'}); it is then read as absent;</li>
 *   <li>a value a record's creator rejects: an {@link IllegalArgumentException} is a problem of the value
 *       itself, a {@link ConfigException} lists problems of fields inside it.</li>
 * </ul>
 */
final class ConfigBinder {

    /** Reads the config and writes it back (the effective config in the runs table). */
    static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // all are reported by UnknownKeys
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addHandler(new UnknownKeys())
            .addModule(new SimpleModule("config-problems")
                    .addDeserializer(Long.class, new WholeNumber())
                    .setDeserializerModifier(new EveryValue()))
            .build();

    static {
        // '8' (quoted) is text, not a number, as in YAML
        YAML.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        YAML.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    private ConfigBinder() {
    }

    /** The tree as a {@code type}, with the problems added; parts that could not be read are null. */
    static <T> T bind(JsonNode tree, Class<T> type, Problems problems) {
        try {
            return YAML.readerFor(type).withAttribute(Problems.class, problems).readValue(tree);
        } catch (IOException e) {
            throw new IllegalStateException("config binding failed outside a value: " + e.getMessage(), e);
        }
    }

    /** Reports each unknown key with the known ones, and skips it. */
    private static final class UnknownKeys extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> section,
                                             Object beanOrClass, String key) throws IOException {
            List<String> keys = knownKeys(section.handledType());
            problems(ctxt).add(path(p), "unknown key (known: " + String.join(", ", keys) + ")"
                    + NearestName.hint(key, keys));
            p.skipChildren();
            return true;
        }
    }

    /** The YAML keys of a record, in order: the {@code @JsonProperty} names of its creator's parameters. */
    private static List<String> knownKeys(Class<?> record) {
        return Stream.of(record.getDeclaredConstructors())
                .map(c -> Stream.of(c.getParameters()).map(p -> p.getAnnotation(JsonProperty.class))
                        .filter(Objects::nonNull).map(JsonProperty::value).toList())
                .filter(keys -> !keys.isEmpty()).findFirst().orElse(List.of());
    }

    /** Wraps every deserializer in {@link Collecting}. */
    private static final class EveryValue extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig c, BeanDescription b,
                                                      JsonDeserializer<?> d) {
            return new Collecting(d);
        }

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig c, JavaType t, BeanDescription b,
                                                          JsonDeserializer<?> d) {
            return new Collecting(d);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig c, CollectionType t,
                                                                BeanDescription b, JsonDeserializer<?> d) {
            return new Collecting(d);
        }

        @Override
        public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig c, MapType t, BeanDescription b,
                                                         JsonDeserializer<?> d) {
            return new Collecting(d);
        }
    }

    /** Reads one value; when it cannot, reports why at the value's path, skips it and reads it as absent. */
    private static final class Collecting extends DelegatingDeserializer {

        Collecting(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Collecting(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Problems problems = problems(ctxt);
            if (problems == null) { // not a config (e.g. reading the YAML tree): as Jackson does
                return super.deserialize(p, ctxt);
            }
            String path = path(p); // before the parser moves on
            String got = got(p);
            boolean struct = p.currentToken() != null && p.currentToken().isStructStart();
            int depth = depth(p);
            try {
                return super.deserialize(p, ctxt);
            } catch (MismatchedInputException e) {
                problems.add(path, "must be " + expected(handledType()) + ", got " + got);
            } catch (ValueInstantiationException e) {
                if (e.getCause() instanceof ConfigException inside) {
                    inside.errors().stream().map(line -> path + "." + line) // unless the field's value was wrong
                            .filter(line -> !problems.has(line.substring(0, line.indexOf(": "))))
                            .forEach(problems::add);
                } else {
                    problems.add(path, e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage());
                }
            }
            while (struct && depth(p) >= depth && p.nextToken() != null) {
                // to the end of the list or mapping that could not be read
            }
            return null;
        }
    }

    /**
     * Integers: {@code 8}, also {@code 1.0e8}, but not {@code 1.5} (which Jackson would cut to 1). A value
     * outside the field's {@link IntegerRange}, or beyond a 64-bit integer, is a problem naming the range
     * (read as absent), never a wrapped or clamped number.
     */
    private static final class WholeNumber extends StdScalarDeserializer<Long> implements ContextualDeserializer {
        private final long min;
        private final long max;

        WholeNumber() {
            this(Long.MIN_VALUE, Long.MAX_VALUE);
        }

        private WholeNumber(long min, long max) {
            super(Long.class);
            this.min = min;
            this.max = max;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            IntegerRange range = property == null ? null : property.getAnnotation(IntegerRange.class);
            return range == null ? this : new WholeNumber(range.min(), range.max());
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
            BigDecimal value;
            try {
                value = p.getDecimalValue();
            } catch (NumberFormatException | IOException e) { // NaN, infinity
                value = null;
            }
            if (value != null && value.stripTrailingZeros().scale() > 0) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p); // 1.5: not an integer at all
            }
            if (value == null || value.compareTo(BigDecimal.valueOf(min)) < 0
                    || value.compareTo(BigDecimal.valueOf(max)) > 0) {
                String problem = "must be an integer from " + min + " to " + max + ", got " + p.getText();
                Problems problems = problems(ctxt);
                if (problems == null) {
                    throw new IOException(problem);
                }
                problems.add(path(p), problem);
                return null;
            }
            return value.longValueExact();
        }
    }

    private static Problems problems(DeserializationContext ctxt) {
        return (Problems) ctxt.getAttribute(Problems.class);
    }

    /** The dotted path of the value the parser is at: {@code input.decode.eps}, {@code metrics[2].as}. */
    static String path(JsonParser p) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = valueContext(p); c != null && !c.inRoot(); c = c.getParent()) {
            path.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]"
                    : c.getCurrentName() == null ? "" : "." + c.getCurrentName());
        }
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    /** At the start of a list or mapping the parser is already inside it: the value is named by its parent. */
    private static JsonStreamContext valueContext(JsonParser p) {
        JsonToken t = p.currentToken();
        return t != null && t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
    }

    private static int depth(JsonParser p) {
        int depth = 0;
        for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
            depth++;
        }
        return depth;
    }

    /** The value as messages show it: {@code 'text'}, {@code 3}, {@code a list}, {@code a mapping}, {@code nothing}. */
    private static String got(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || t == JsonToken.VALUE_NULL) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT, FIELD_NAME -> "a mapping";
            case VALUE_STRING -> "'" + p.getText() + "'";
            default -> p.getText();
        };
    }

    /** What a value of this type is, for {@code must be ...}; a record may say it with {@link JsonClassDescription}. */
    private static String expected(Class<?> type) {
        if (type.isAnnotationPresent(JsonClassDescription.class)) {
            return type.getAnnotation(JsonClassDescription.class).value();
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Stream.of(type.getEnumConstants())
                    .map(e -> ((Enum<?>) e).name().toLowerCase(Locale.ROOT)).toList());
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Long.class || type == Integer.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "one of true, false";
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : "a mapping";
    }
}
