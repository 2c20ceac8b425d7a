// motoc's runtime client for java* functions: loads the handler the way Lambda's Java runtime
// does (package.Class::method, or package.Class and its handleRequest), from the task's classes
// and lib/*.jar and the layers' java/lib/*.jar, then serves invocations from the Runtime API.
// Handlers take a stream pair (InputStream, OutputStream[, Context]) or an input converted from
// the event's JSON (String, Map, List, numbers, booleans, or a bean by its setters and fields)
// and an optional Context; the Context and its LambdaLogger are the function's own
// com.amazonaws.services.lambda.runtime interfaces, answered by a proxy. Run as a single source
// file (java Bootstrap.java), so it needs nothing but the machine's JDK; started that way, it
// compiles itself into MOTOC_JAVA_CLIENT_DIR, from which later environments start sooner.
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

public class Bootstrap {
    static final String PREFIX =
            "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";

    public static void main(String[] args) {
        cacheCompiledClient();
        Object target = null;
        Method method = null;
        try {
            ClassLoader loader = classLoader();
            Thread.currentThread().setContextClassLoader(loader);
            String handler = System.getenv("_HANDLER");
            String className = handler, methodName = "handleRequest";
            int sep = handler.indexOf("::");
            if (sep >= 0) {
                className = handler.substring(0, sep);
                methodName = handler.substring(sep + 2);
            }
            Class<?> cls;
            try {
                cls = Class.forName(className, true, loader);
            } catch (ClassNotFoundException e) {
                initFailure("java.lang.ClassNotFoundException", "Class not found: " + className, e);
                return;
            }
            method = pick(cls, methodName);
            if (method == null) {
                initFailure("java.lang.NoSuchMethodException",
                        "No public method named " + methodName
                                + " with appropriate method signature found on class "
                                + cls.getName(),
                        null);
                return;
            }
            if (!Modifier.isStatic(method.getModifiers()))
                target = cls.getDeclaredConstructor().newInstance();
        } catch (Throwable e) {
            Throwable cause = unwrap(e);
            initFailure(cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
            return;
        }
        while (true) {
            HttpResponse<byte[]> next = call("GET", "/invocation/next", null, null);
            String requestId =
                    next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElse("");
            try {
                byte[] answer = invoke(target, method, next, requestId);
                flushOutput();
                call("POST", "/invocation/" + requestId + "/response", answer, null);
            } catch (Throwable e) {
                Throwable cause = unwrap(e);
                System.out.println(stackText(cause));
                flushOutput();
                call("POST", "/invocation/" + requestId + "/error",
                        errorBody(cause.getClass().getName(), String.valueOf(cause.getMessage()),
                                cause),
                        cause.getClass().getName());
            }
        }
    }

    static void cacheCompiledClient() {
        String dir = System.getenv("MOTOC_JAVA_CLIENT_DIR");
        Path source = Path.of(System.getenv("LAMBDA_RUNTIME_DIR"), "Bootstrap.java");
        if (dir == null || Files.exists(Path.of(dir, "Bootstrap.class")) || !Files.exists(source))
            return;
        Thread compile = new Thread(() -> {
            try {
                Path target = Path.of(dir);
                Path scratch = Files.createTempDirectory(target.getParent(), "java-client-");
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                if (javac != null
                        && javac.run(null, null, null, "-d", scratch.toString(), source.toString())
                                == 0)
                    Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                // another environment got there first, or the directory went away
            }
        });
        compile.setDaemon(true);
        compile.setPriority(Thread.MIN_PRIORITY);
        compile.start();
    }

    static ClassLoader classLoader() throws Exception {
        List<URL> urls = new ArrayList<>();
        File task = new File(System.getenv("LAMBDA_TASK_ROOT"));
        urls.add(task.toURI().toURL());
        File opt = new File(task.getParentFile(), "opt");
        for (File dir : new File[] {
                     new File(task, "lib"), new File(opt, "java/lib"), new File(opt, "java")}) {
            File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
            if (jars != null)
                for (File jar : jars) urls.add(jar.toURI().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), Bootstrap.class.getClassLoader());
    }

    // The public method of that name taking the most supported parameters (bridge methods of a
    // generic RequestHandler lose to the typed one).
    static Method pick(Class<?> cls, String name) {
        Method best = null;
        for (Method m : cls.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() > 3)
                continue;
            if (best == null || (best.isBridge() && !m.isBridge())
                    || (best.isBridge() == m.isBridge()
                            && m.getParameterCount() > best.getParameterCount()))
                best = m;
        }
        return best;
    }

    static byte[] invoke(Object target, Method method, HttpResponse<byte[]> next, String requestId)
            throws Throwable {
        Class<?>[] types = method.getParameterTypes();
        Type[] generic = method.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        boolean streams = types.length >= 2
                && types[0] == InputStream.class && types[1] == OutputStream.class;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < types.length; i++) {
            if (types[i].getName().equals(CONTEXT))
                args[i] = context(types[i], next, requestId);
            else if (streams && i == 0)
                args[i] = new ByteArrayInputStream(next.body());
            else if (streams && i == 1)
                args[i] = out;
            else
                args[i] = Json.convert(
                        Json.parse(new String(next.body(), StandardCharsets.UTF_8)), generic[i]);
        }
        Object result = method.invoke(target, args);
        if (streams)
            return out.toByteArray();
        return Json.write(method.getReturnType() == void.class ? null : result)
                .getBytes(StandardCharsets.UTF_8);
    }

    static Object context(Class<?> type, HttpResponse<byte[]> next, String requestId) {
        long deadline =
                Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElse("0"));
        String arn = next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElse("");
        return Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> {
                    switch (m.getName()) {
                        case "getAwsRequestId": return requestId;
                        case "getLogGroupName": return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
                        case "getLogStreamName": return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
                        case "getFunctionName": return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
                        case "getFunctionVersion":
                            return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
                        case "getInvokedFunctionArn": return arn;
                        case "getRemainingTimeInMillis":
                            return (int) Math.max(0, deadline - System.currentTimeMillis());
                        case "getMemoryLimitInMB":
                            return Integer.parseInt(
                                    System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
                        case "getLogger": return logger(m.getReturnType());
                        case "toString": return "LambdaContext[" + requestId + "]";
                        case "hashCode": return requestId.hashCode();
                        case "equals": return proxy == a[0];
                        default: return null;
                    }
                });
    }

    static Object logger(Class<?> type) {
        return Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, m, a) -> {
                    // Each log call is one log event, so one line here.
                    if (m.getName().equals("log") && a != null && a.length > 0) {
                        String text = a[0] instanceof byte[]
                                ? new String((byte[]) a[0], StandardCharsets.UTF_8)
                                : String.valueOf(a[0]);
                        System.out.print(text.endsWith("\n") ? text : text + "\n");
                        System.out.flush();
                    }
                    if (m.getName().equals("hashCode"))
                        return 0;
                    if (m.getName().equals("equals"))
                        return proxy == a[0];
                    return m.getName().equals("toString") ? "LambdaLogger" : null;
                });
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof InvocationTargetException || e instanceof ExceptionInInitializerError)
                && e.getCause() != null)
            e = e.getCause();
        return e;
    }

    static String stackText(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static byte[] errorBody(String type, String message, Throwable e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("errorMessage", message);
        doc.put("errorType", type);
        List<Object> stack = new ArrayList<>();
        if (e != null)
            for (StackTraceElement s : e.getStackTrace()) stack.add(s.toString());
        doc.put("stackTrace", stack);
        return Json.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    static void initFailure(String type, String message, Throwable e) {
        System.out.println("[ERROR] " + type + ": " + message);
        flushOutput();
        call("POST", "/init/error", errorBody(type, message, e), type);
        System.exit(1);
    }

    static void flushOutput() {
        System.out.flush();
        System.err.flush();
    }

    // One Runtime API call; motoc going away ends this environment.
    static HttpResponse<byte[]> call(String method, String path, byte[] body, String errorType) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(PREFIX + path));
            if (body == null) {
                b.GET();
            } else {
                b.POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Content-Type", "application/json");
                if (errorType != null)
                    b.header("Lambda-Runtime-Function-Error-Type", errorType);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            System.exit(0);
            return null;
        }
    }

    // Just enough JSON: parse to Map/List/String/Number/Boolean/null, convert to a parameter's
    // type, write any of those back (and beans by their getters and public fields).
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            if (text.isBlank())
                return null;
            Json p = new Json(text);
            Object v = p.value();
            p.space();
            if (p.i != p.s.length())
                throw new IllegalArgumentException("trailing characters in JSON");
            return v;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            space();
            if (i >= s.length())
                throw new IllegalArgumentException("unexpected end of JSON");
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    m.put(key, value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            if (c == '"')
                return string();
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String n = s.substring(start, i);
            if (n.isEmpty())
                throw new IllegalArgumentException("unexpected character in JSON at " + start);
            if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
                try {
                    return Long.parseLong(n);
                } catch (NumberFormatException e) {
                    return new java.math.BigInteger(n);
                }
            }
            return Double.parseDouble(n);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c)
                throw new IllegalArgumentException("expected '" + c + "' in JSON at " + i);
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"')
                    return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u':
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: b.append(e);
                }
            }
        }

        static Object convert(Object v, Type type) throws Exception {
            Class<?> raw = type instanceof Class ? (Class<?>) type
                    : type instanceof ParameterizedType
                    ? (Class<?>) ((ParameterizedType) type).getRawType()
                    : Object.class;
            Type[] params = type instanceof ParameterizedType
                    ? ((ParameterizedType) type).getActualTypeArguments()
                    : new Type[0];
            if (v == null)
                return raw.isPrimitive() ? convert(0L, raw) : null;
            if (raw == Object.class || (params.length == 0 && raw.isInstance(v)))
                return v;
            if (raw == String.class)
                return v instanceof String ? v : write(v);
            if (v instanceof Number) {
                Number n = (Number) v;
                if (raw == int.class || raw == Integer.class)
                    return n.intValue();
                if (raw == long.class || raw == Long.class)
                    return n.longValue();
                if (raw == double.class || raw == Double.class)
                    return n.doubleValue();
                if (raw == float.class || raw == Float.class)
                    return n.floatValue();
                if (raw == short.class || raw == Short.class)
                    return n.shortValue();
                if (raw == byte.class || raw == Byte.class)
                    return n.byteValue();
            }
            if ((raw == boolean.class || raw == Boolean.class) && v instanceof Boolean)
                return v;
            if (Map.class.isAssignableFrom(raw) && v instanceof Map) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet())
                    m.put((String) e.getKey(),
                            params.length == 2 ? convert(e.getValue(), params[1]) : e.getValue());
                return m;
            }
            if (Collection.class.isAssignableFrom(raw) && v instanceof List) {
                List<Object> l = new ArrayList<>();
                for (Object item : (List<?>) v)
                    l.add(params.length == 1 ? convert(item, params[0]) : item);
                return l;
            }
            if (v instanceof Map)
                return bean((Map<?, ?>) v, raw);
            throw new IllegalArgumentException(
                    "cannot convert " + write(v) + " to " + raw.getName());
        }

        private static Object bean(Map<?, ?> v, Class<?> raw) throws Exception {
            Object o = raw.getDeclaredConstructor().newInstance();
            for (Map.Entry<?, ?> e : v.entrySet()) {
                String key = (String) e.getKey();
                if (key.isEmpty())
                    continue;
                String setter = "set" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
                boolean done = false;
                for (Method m : raw.getMethods()) {
                    if (m.getName().equals(setter) && m.getParameterCount() == 1) {
                        m.invoke(o, convert(e.getValue(), m.getGenericParameterTypes()[0]));
                        done = true;
                        break;
                    }
                }
                for (Class<?> c = raw; !done && c != null && c != Object.class;
                        c = c.getSuperclass()) {
                    try {
                        Field f = c.getDeclaredField(key);
                        f.setAccessible(true);
                        f.set(o, convert(e.getValue(), f.getGenericType()));
                        done = true;
                    } catch (NoSuchFieldException ignored) {
                        // an unknown property is left out, as Lambda's serializer does
                    }
                }
            }
            return o;
        }

        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(v, b, 0);
            return b.toString();
        }

        private static void write(Object v, StringBuilder b, int depth) {
            if (depth > 64)
                throw new IllegalArgumentException("value nested too deeply to serialize");
            if (v == null) {
                b.append("null");
            } else if (v instanceof String || v instanceof Character || v instanceof Enum) {
                quote(v.toString(), b);
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else if (v instanceof Map) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (!first)
                        b.append(',');
                    first = false;
                    quote(String.valueOf(e.getKey()), b);
                    b.append(':');
                    write(e.getValue(), b, depth + 1);
                }
                b.append('}');
            } else if (v instanceof Collection || v.getClass().isArray()) {
                List<Object> items = new ArrayList<>();
                if (v instanceof Collection)
                    items.addAll((Collection<?>) v);
                else
                    for (int k = 0; k < java.lang.reflect.Array.getLength(v); k++)
                        items.add(java.lang.reflect.Array.get(v, k));
                b.append('[');
                for (int k = 0; k < items.size(); k++) {
                    if (k > 0)
                        b.append(',');
                    write(items.get(k), b, depth + 1);
                }
                b.append(']');
            } else {
                write(properties(v), b, depth + 1);
            }
        }

        private static Map<String, Object> properties(Object v) {
            Map<String, Object> m = new LinkedHashMap<>();
            try {
                for (Method g : v.getClass().getMethods()) {
                    String n = g.getName();
                    if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers())
                            || n.equals("getClass"))
                        continue;
                    String property = n.startsWith("get") && n.length() > 3 ? n.substring(3)
                            : n.startsWith("is") && n.length() > 2
                                    && g.getReturnType() == boolean.class
                            ? n.substring(2)
                            : null;
                    if (property != null)
                        m.put(Character.toLowerCase(property.charAt(0)) + property.substring(1),
                                g.invoke(v));
                }
                for (Field f : v.getClass().getFields())
                    if (!Modifier.isStatic(f.getModifiers()))
                        m.putIfAbsent(f.getName(), f.get(v));
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot serialize " + v.getClass().getName(), e);
            }
            return m;
        }

        private static void quote(String text, StringBuilder b) {
            b.append('"');
            for (int k = 0; k < text.length(); k++) {
                char c = text.charAt(k);
                switch (c) {
                    case '"': b.append("\\\""); break;
                    case '\\': b.append("\\\\"); break;
                    case '\n': b.append("\\n"); break;
                    case '\r': b.append("\\r"); break;
                    case '\t': b.append("\\t"); break;
                    default:
                        if (c < 0x20)
                            b.append(String.format("\\u%04x", (int) c));
                        else
                            b.append(c);
                }
            }
            b.append('"');
        }
    }
}
