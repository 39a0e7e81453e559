package org.imgloss.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Runs PySpark code on the JVM: the Python of a notebook cell or a README example, parsed by
 * {@code python3}'s own {@code ast} module, evaluated against Spark's Java API, which PySpark
 * mirrors method for method. PySpark cannot be installed on the project's machines; this runs every
 * {@code spark.sql(...)} statement and every DataFrame and {@code F.*} call of that code on a real
 * session, so a renamed SQL function, metric or column fails a test.
 *
 * <p>The subset: imports of {@code pyspark}, {@code pyspark.sql}, {@code os}; assignments to a
 * name; {@code def f(args): return expr} (a docstring allowed); {@code assert}; expressions made of
 * names, strings (f-strings too), numbers, booleans, lists, {@code ==}, keyword arguments, attribute
 * access and calls. A call on a Java object is the public method of that name whose parameters take
 * the arguments (a Python string where a {@code Column} is expected is {@code F.col} of it, as in
 * PySpark); an attribute without a call is the no-argument method ({@code spark.read} is
 * {@code spark.read()}). {@code F} is {@link functions}; {@code spark._jvm.a.b.C.m(...)} calls the
 * static method {@code m} of class {@code a.b.C} and {@code spark._jsparkSession} is the session, as
 * through Py4J. {@code show(n, truncate=...)} maps to {@code show(int, boolean)}. Builtins:
 * {@code print}, {@code len}, {@code str}, {@code os.environ.get}, {@code os.path.join},
 * {@code os.path.abspath} (relative to the notebook's folder), {@code os.path.isfile}.
 * {@code pyspark.__version__} is the session's Spark version.
 *
 * <p>Two statements are not run, as the test provides what they do: {@code spark = SparkSession.builder...}
 * (the test's session is bound to {@code spark}) and {@code spark.stop()} (the shared session stays up).
 * Anything else outside the subset fails with the line it is on: extend the subset, or keep the
 * notebook's code to it.
 */
final class PySparkSubset {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Python's ast as JSON: every node an object with its class name under "_" and its fields. */
    private static final String AST_TO_JSON = """
            import ast, json, sys
            def tree(n):
                if isinstance(n, ast.AST):
                    d = {"_": type(n).__name__, "line": getattr(n, "lineno", None)}
                    d.update({f: tree(v) for f, v in ast.iter_fields(n)})
                    return d
                if isinstance(n, list):
                    return [tree(x) for x in n]
                return n if n is None or isinstance(n, (str, int, float, bool)) else repr(n)
            print(json.dumps(tree(ast.parse(sys.stdin.read()))))
            """;

    private final SparkSession spark;
    private final Path workingDirectory;
    private final Map<String, Object> names = new HashMap<>();
    private final List<String> printed = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();

    /**
     * @param spark            the session the code's {@code spark} is
     * @param workingDirectory the folder relative paths of {@code os.path} are resolved against (a notebook's folder)
     */
    PySparkSubset(SparkSession spark, Path workingDirectory) {
        this.spark = spark;
        this.workingDirectory = workingDirectory;
    }

    /** Runs the code (one or more statements); throws with the code's line number on anything outside the subset. */
    void run(String code) throws IOException, InterruptedException {
        for (JsonNode statement : parse(code).get("body")) {
            try {
                execute(statement, names);
            } catch (RuntimeException e) {
                throw new IllegalStateException("line " + statement.get("line") + " of:\n" + code + "\n-> " + e, e);
            }
        }
    }

    /** Sets a variable of {@code os.environ} for the code (over the JVM's environment). */
    PySparkSubset environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A name the code assigned. */
    Object get(String name) {
        return names.get(name);
    }

    /** What {@code print} printed, one entry per call. */
    List<String> printed() {
        return printed;
    }

    /** The statements not run (the session's creation and stop), as source text. */
    List<String> skipped() {
        return skipped;
    }

    /** Every Spark method called, as {@code Class.method}, in order. */
    List<String> calls() {
        return calls;
    }

    private static JsonNode parse(String code) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", AST_TO_JSON).start();
        p.getOutputStream().write(code.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3 could not parse the code: " + err);
        }
        return JSON.readTree(out);
    }

    // ------------------------------------------------------------------ statements

    private Object execute(JsonNode s, Map<String, Object> scope) {
        switch (s.get("_").asText()) {
            case "Import", "ImportFrom" -> importNames(s, scope);
            case "Assign" -> {
                JsonNode targets = s.get("targets");
                if (targets.size() != 1 || !targets.get(0).get("_").asText().equals("Name")) {
                    throw unsupported(s, "assignment to anything but one name");
                }
                String target = targets.get(0).get("id").asText();
                if (target.equals("spark") && text(s.get("value")).contains("SparkSession.builder")) {
                    skipped.add("spark = SparkSession.builder...");
                    scope.put("spark", spark);
                } else {
                    scope.put(target, value(s.get("value"), scope));
                }
            }
            case "Expr" -> {
                JsonNode v = s.get("value");
                if (text(v).equals("spark.stop")) {
                    skipped.add("spark.stop()");
                } else {
                    eval(v, scope);
                }
            }
            case "Assert" -> {
                Object ok = value(s.get("test"), scope);
                if (!Boolean.TRUE.equals(ok)) {
                    throw new AssertionError("assert failed on line " + s.get("line")
                            + (s.get("msg").isNull() ? "" : ": " + value(s.get("msg"), scope)));
                }
            }
            case "FunctionDef" -> scope.put(s.get("name").asText(), new Function(s, scope));
            case "Return" -> {
                return new Returned(value(s.get("value"), scope));
            }
            default -> throw unsupported(s, "the statement " + s.get("_").asText());
        }
        return null;
    }

    private void importNames(JsonNode s, Map<String, Object> scope) {
        String module = s.has("module") ? s.get("module").asText() : "";
        for (JsonNode alias : s.get("names")) {
            String name = alias.get("name").asText();
            String as = alias.get("asname").isNull() ? name : alias.get("asname").asText();
            String full = module.isEmpty() ? name : module + "." + name;
            Object value = switch (full) {
                case "os" -> Os.INSTANCE;
                case "pyspark" -> new PySparkModule(spark.version());
                case "pyspark.sql.functions" -> functions.class;
                case "pyspark.sql.SparkSession" -> SparkSession.class;
                default -> throw unsupported(s, "import of " + full);
            };
            scope.put(as, value);
        }
    }

    /** A {@code def}: its parameters, and a body of a docstring and one return. */
    private final class Function {
        final JsonNode def;
        final Map<String, Object> closure;

        Function(JsonNode def, Map<String, Object> closure) {
            this.def = def;
            this.closure = closure;
        }

        Object call(List<Object> args) {
            Map<String, Object> scope = new HashMap<>(closure);
            JsonNode params = def.at("/args/args");
            if (params.size() != args.size()) {
                throw new IllegalArgumentException(def.get("name").asText() + " takes " + params.size() + " arguments");
            }
            for (int i = 0; i < args.size(); i++) {
                scope.put(params.get(i).get("arg").asText(), args.get(i));
            }
            for (JsonNode s : def.get("body")) {
                if (s.get("_").asText().equals("Expr") && s.at("/value/_").asText().equals("Constant")) {
                    continue; // the docstring
                }
                if (execute(s, scope) instanceof Returned r) {
                    return r.value;
                }
            }
            return null;
        }
    }

    private record Returned(Object value) {
    }

    // ------------------------------------------------------------------ expressions

    /** An expression's value: a method named without a call (a Python property such as {@code spark.read}) is called. */
    private Object value(JsonNode e, Map<String, Object> scope) {
        Object v = eval(e, scope);
        return v instanceof BoundMethod m ? invoke(m.target, m.name, List.of(), e) : v;
    }

    private Object eval(JsonNode e, Map<String, Object> scope) {
        switch (e.get("_").asText()) {
            case "Constant":
                JsonNode v = e.get("value");
                return v.isNull() ? null : v.isBoolean() ? v.asBoolean() : v.isIntegralNumber() ? (Object) v.asLong()
                        : v.isNumber() ? (Object) v.asDouble() : v.asText();
            case "Name":
                String id = e.get("id").asText();
                if (scope.containsKey(id)) {
                    return scope.get(id);
                }
                if (BUILTINS.contains(id)) {
                    return new Builtin(id);
                }
                throw unsupported(e, "the undefined name " + id);
            case "JoinedStr":
                StringBuilder b = new StringBuilder();
                for (JsonNode part : e.get("values")) {
                    b.append(part.get("_").asText().equals("FormattedValue") ? str(value(part.get("value"), scope))
                            : part.get("value").asText());
                }
                return b.toString();
            case "List":
            case "Tuple":
                List<Object> items = new ArrayList<>();
                e.get("elts").forEach(x -> items.add(value(x, scope)));
                return items;
            case "Compare":
                if (e.get("ops").size() != 1 || !e.at("/ops/0/_").asText().matches("Eq|NotEq")) {
                    throw unsupported(e, "a comparison other than == and !=");
                }
                boolean equal = java.util.Objects.equals(value(e.get("left"), scope), value(e.at("/comparators/0"), scope));
                return e.at("/ops/0/_").asText().equals("Eq") == equal;
            case "Attribute":
                return attribute(value(e.get("value"), scope), e.get("attr").asText(), e);
            case "Call":
                return call(e, scope);
            default:
                throw unsupported(e, "the expression " + e.get("_").asText());
        }
    }

    private static final List<String> BUILTINS = List.of("print", "len", "str");

    private record Builtin(String name) {
    }

    /** A dotted name under {@code spark._jvm}, not yet a class. */
    private record JvmName(String name) {
    }

    private record BoundMethod(Object target, String name) {
    }

    /** {@code os.environ} or {@code os.path}. */
    private record OsMember(String name) {
    }

    private Object attribute(Object target, String name, JsonNode at) {
        if (target == spark && name.equals("_jvm")) {
            return new JvmName("");
        }
        if (target == spark && name.equals("_jsparkSession")) {
            return spark;
        }
        if (target instanceof JvmName j) {
            return new JvmName(j.name.isEmpty() ? name : j.name + "." + name);
        }
        if (target instanceof PySparkModule m && name.equals("__version__")) {
            return m.version;
        }
        if (target instanceof Os os) {
            return new OsMember(os.attribute(name, at).toString());
        }
        if (target instanceof OsMember m) {
            return osFunction(m.name, name, at);
        }
        if (target instanceof Row row) {
            return row.getAs(name);
        }
        if (target instanceof Class<?> c && !hasMethod(c, name, true)) {
            throw unsupported(at, c.getSimpleName() + " has no static method " + name);
        }
        // a Python property is a Java method without arguments (spark.read, df.columns); a method to call stays bound
        return new BoundMethod(target, name);
    }

    private Object call(JsonNode e, Map<String, Object> scope) {
        Object callee = eval(e.get("func"), scope);
        List<Object> args = new ArrayList<>();
        for (JsonNode a : e.get("args")) {
            if (a.get("_").asText().equals("Starred")) {
                throw unsupported(a, "*args");
            }
            args.add(value(a, scope));
        }
        Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
        for (JsonNode k : e.get("keywords")) {
            kwargs.put(k.get("arg").asText(), value(k.get("value"), scope));
        }
        if (callee instanceof Builtin b) {
            return builtin(b.name, args, e);
        }
        if (callee instanceof Function f) {
            return f.call(args);
        }
        if (callee instanceof Os.Call c) {
            return c.apply(args);
        }
        if (callee instanceof JvmName j) {
            int dot = j.name.lastIndexOf('.');
            try {
                return invoke(Class.forName(j.name.substring(0, dot)), j.name.substring(dot + 1), args, e);
            } catch (ClassNotFoundException ex) {
                throw new IllegalStateException("spark._jvm: no class " + j.name.substring(0, dot), ex);
            }
        }
        if (callee instanceof BoundMethod m) {
            if (m.name.equals("show") && m.target instanceof Dataset<?> d) {
                return show(d, args, kwargs);
            }
            if (!kwargs.isEmpty()) {
                throw unsupported(e, "keyword arguments to " + m.name);
            }
            return invoke(m.target, m.name, args, e);
        }
        throw unsupported(e, "calling " + callee);
    }

    private Object show(Dataset<?> d, List<Object> args, Map<String, Object> kwargs) {
        int n = ((Number) (args.isEmpty() ? kwargs.getOrDefault("n", 20L) : args.get(0))).intValue();
        boolean truncate = Boolean.TRUE.equals(args.size() > 1 ? args.get(1) : kwargs.getOrDefault("truncate", true));
        calls.add("Dataset.show");
        d.show(n, truncate);
        return null;
    }

    private Object builtin(String name, List<Object> args, JsonNode at) {
        return switch (name) {
            case "print" -> {
                List<String> parts = args.stream().map(PySparkSubset::str).toList();
                printed.add(String.join(" ", parts));
                yield null;
            }
            case "len" -> (long) (args.get(0) instanceof java.util.Collection<?> c ? c.size()
                    : args.get(0) instanceof String s ? s.length() : ((Object[]) args.get(0)).length);
            case "str" -> str(args.get(0));
            default -> throw unsupported(at, name);
        };
    }

    private static String str(Object o) {
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return o instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(o);
    }

    // ------------------------------------------------------------------ Java methods

    /** Calls the public method {@code name} of target (a Class: a static method) whose parameters take the arguments. */
    private Object invoke(Object target, String name, List<Object> args, JsonNode at) {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        boolean statics = target instanceof Class<?>;
        Method best = null;
        Object[] bestArgs = null;
        int bestCost = Integer.MAX_VALUE;
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || Modifier.isStatic(m.getModifiers()) != statics) {
                continue;
            }
            int[] cost = {0};
            Object[] converted = convertAll(args, m, cost);
            if (converted != null && cost[0] < bestCost) {
                best = m;
                bestArgs = converted;
                bestCost = cost[0];
            }
        }
        if (best == null) {
            throw unsupported(at, "no method " + type.getSimpleName() + "." + name + " takes " + args);
        }
        calls.add(type.getSimpleName() + "." + name);
        try {
            best.setAccessible(true);
            return best.invoke(statics ? null : target, bestArgs);
        } catch (java.lang.reflect.InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean hasMethod(Class<?> c, String name, boolean statics) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) == statics) {
                return true;
            }
        }
        return false;
    }

    /** The arguments for m's parameters (a Java varargs array packed), or null when they do not fit; cost counts conversions. */
    private static Object[] convertAll(List<Object> args, Method m, int[] cost) {
        Class<?>[] params = m.getParameterTypes();
        int fixed = m.isVarArgs() ? params.length - 1 : params.length;
        if (m.isVarArgs() ? args.size() < fixed : args.size() != fixed) {
            return null;
        }
        Object[] out = new Object[params.length];
        for (int i = 0; i < fixed; i++) {
            Object c = convert(args.get(i), params[i], cost);
            if (c == NO) {
                return null;
            }
            out[i] = c;
        }
        if (m.isVarArgs()) {
            Class<?> element = params[fixed].getComponentType();
            Object array = java.lang.reflect.Array.newInstance(element, args.size() - fixed);
            for (int i = fixed; i < args.size(); i++) {
                Object c = convert(args.get(i), element, cost);
                if (c == NO) {
                    return null;
                }
                java.lang.reflect.Array.set(array, i - fixed, c);
            }
            out[fixed] = array;
        }
        return out;
    }

    private static final Object NO = new Object();

    private static Object convert(Object value, Class<?> type, int[] cost) {
        if (value == null) {
            return type.isPrimitive() ? NO : null;
        }
        if (type.isInstance(value)) {
            return value;
        }
        if (value instanceof String s && type == Column.class) {
            cost[0]++;
            return functions.col(s); // PySpark takes a column name where a Column is expected
        }
        if (value instanceof Long l) {
            if (type == int.class || type == Integer.class) {
                return l.intValue();
            }
            if (type == long.class) {
                return l;
            }
            if (type == double.class || type == Double.class) {
                cost[0]++;
                return l.doubleValue();
            }
        }
        if (value instanceof Double d && (type == double.class)) {
            return d;
        }
        if (value instanceof Boolean b && type == boolean.class) {
            return b;
        }
        if (value instanceof List<?> list && type.isArray()) {
            Object array = java.lang.reflect.Array.newInstance(type.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Object c = convert(list.get(i), type.getComponentType(), cost);
                if (c == NO) {
                    return NO;
                }
                java.lang.reflect.Array.set(array, i, c);
            }
            return array;
        }
        return NO;
    }

    // ------------------------------------------------------------------ modules

    private record PySparkModule(String version) {
    }

    /** The module {@code os}: {@code os.environ.get}, {@code os.path.join}, {@code os.path.abspath}, {@code os.path.isfile}. */
    private enum Os {
        INSTANCE;

        interface Call {
            Object apply(List<Object> args);
        }

        Object attribute(String name, JsonNode at) {
            return switch (name) {
                case "environ", "path" -> name;
                default -> throw unsupported(at, "os." + name);
            };
        }
    }

    private Object osFunction(String module, String name, JsonNode at) {
        return switch (module + "." + name) {
            case "environ.get" -> (Os.Call) args -> {
                String v = environment.getOrDefault(str(args.get(0)), System.getenv(str(args.get(0))));
                return v != null ? v : args.size() > 1 ? args.get(1) : null;
            };
            case "path.join" -> (Os.Call) args -> {
                Path p = Path.of(str(args.get(0)));
                for (Object a : args.subList(1, args.size())) {
                    p = p.resolve(str(a));
                }
                return p.toString();
            };
            case "path.abspath" -> (Os.Call) args -> workingDirectory.resolve(str(args.get(0))).normalize().toString();
            case "path.isfile" -> (Os.Call) args -> Files.isRegularFile(workingDirectory.resolve(str(args.get(0))));
            default -> throw unsupported(at, "os." + module + "." + name);
        };
    }

    private static IllegalStateException unsupported(JsonNode at, String what) {
        return new IllegalStateException("line " + at.get("line") + ": " + what
                + " is outside the PySpark subset that PySparkSubset runs");
    }

    /** The dotted source text of a Name / Attribute / Call chain, e.g. {@code spark.stop} for {@code spark.stop()}. */
    private static String text(JsonNode e) {
        return switch (e.get("_").asText()) {
            case "Name" -> e.get("id").asText();
            case "Attribute" -> text(e.get("value")) + "." + e.get("attr").asText();
            case "Call" -> text(e.get("func"));
            default -> "";
        };
    }
}
