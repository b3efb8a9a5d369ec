package io.syntropic137.application.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventMetadata;
import io.syntropic137.eventstore.RecordedEvent;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jackson-free event reader against Jackson itself: on random events of every registered type, written by the
 * codec and then possibly mangled, the fast reader either declines (null) or returns exactly what Jackson returns,
 * down to the classes of the values.
 */
class RecordJsonReaderTest {
    private static final EventCodec CODEC = EventCodec.standard();
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final List<Class<?>> EVENTS = DomainCatalog.eventClasses();

    @Example
    void everyEventTypeIsReadWithoutJacksonInTheCodecsOwnShape() {
        for (EventTypeRegistry.EventType type : CODEC.registry().all()) {
            assertThat(CODEC.readsWithoutJackson(type.name())).as(type.name()).isTrue();
            DomainEvent sample = (DomainEvent) SampleValues.record(type.javaType());
            String json = CODEC.json().write(sample);
            Object fast = RecordJsonReader.forRecord(type.javaType()).read(json);
            assertThat(fast).as(type.name()).isNotNull().isEqualTo(sample);
            assertSameClasses(fast, CODEC.json().read(json, type.javaType()), type.name());
            RecordedEvent stored = new RecordedEvent(UUID.randomUUID(), "s-1", 1, 1, type.name(), type.schemaVersion(), json,
                    new EventMetadata(null, null, null, Instant.now()));
            assertThat(CODEC.decode(stored)).isEqualTo(sample);
        }
    }

    @Property(tries = 300)
    void whatTheCodecWritesReadsBackAsJacksonReadsIt(@ForAll long seed) {
        Random random = new Random(seed);
        int answered = 0;
        for (Class<?> type : EVENTS) {
            Object event = RandomRecords.record(type, random);
            String json = CODEC.json().write(event);
            Object jackson = CODEC.json().read(json, type);
            Object fast = RecordJsonReader.forRecord(type).read(json);
            if (fast != null) {
                answered++;
                assertThat(fast).as(json).isEqualTo(jackson).isEqualTo(event);
                assertSameClasses(fast, jackson, json);
            }
        }
        // it declines only for the rare forms it leaves to Jackson (instants beyond year 9999, NaN, ...)
        assertThat(answered).isGreaterThan(EVENTS.size() / 2);
    }

    @Property(tries = 1000)
    void mangledTextIsEitherReadAsJacksonReadsItOrLeftToJackson(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Class<?> type = EVENTS.get(random.nextInt(EVENTS.size()));
        String json = mangle(CODEC.json().write(RandomRecords.record(type, random)), random);
        Object fast = RecordJsonReader.forRecord(type).read(json);
        if (fast == null) {
            return; // Jackson decides, whatever it decides
        }
        Object jackson = CODEC.json().read(json, type); // throws (failing the test) if Jackson rejects what the fast reader took
        assertThat(fast).as(json).isEqualTo(jackson);
        assertSameClasses(fast, jackson, json);
    }

    @Example
    void declinesWhatJacksonWouldCoerceOrReject() {
        RecordJsonReader reader = RecordJsonReader.forRecord(io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted.class);
        String good = "{\"executionId\":\"x\",\"phaseId\":\"p\",\"attempt\":1,\"at\":\"2026-01-01T00:00:00Z\"}";
        assertThat(reader.read(good)).isNotNull();
        assertThat(reader.read(" \n" + good + " ")).isNotNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":1.0"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":\"1\""))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":null"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":01"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":2147483648"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1,", ""))).isNull();
        assertThat(reader.read(good.replace("{", "{\"extra\":1,"))).isNull();
        assertThat(reader.read(good.replace("{", "{\"attempt\":2,"))).isNull();
        assertThat(reader.read(good.replace("00Z", "00+00:00"))).isNull();
        assertThat(reader.read(good.replace("00Z", "00\\u005a"))).isNull(); // escaped: Jackson unescapes it
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":1e0"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":1x"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":-"))).isNull();
        assertThat(reader.read(good.replace("\"attempt\":1", "\"attempt\":  7"))).isEqualTo(
                new io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted("x", "p", 7, Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(reader.read(good.replace("\"x\"", "\"a\u0001b\""))).isNull();
        assertThat(reader.read(good + "x")).isNull();
        assertThat(reader.read(good.replace("\"executionId\"", "\"execution\\u0049d\""))).isNotNull();
        assertThat(reader.read(good.replace("\"x\"", "\"\\u00e9\\n\\\"\\\\\\/\""))).isEqualTo(
                new io.syntropic137.domain.orchestration.ExecutionEvent.PhaseStarted("\u00e9\n\"\\/", "p", 1,
                        Instant.parse("2026-01-01T00:00:00Z")));
    }

    /** A random edit: of the text (mostly breaking it) or of the tree (a wrong type, a missing or extra field). */
    private static String mangle(String json, Random random) throws Exception {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "\\", "0", "1", "-", ".", "e", "null", "true", " ", "\n", "\\u0041"};
        switch (random.nextInt(8)) {
            case 0 -> {
                int at = random.nextInt(json.length());
                return json.substring(0, at) + json.substring(at + 1);
            }
            case 1 -> {
                int at = random.nextInt(json.length() + 1);
                return json.substring(0, at) + tokens[random.nextInt(tokens.length)] + json.substring(at);
            }
            case 2 -> {
                return TREE.writerWithDefaultPrettyPrinter().writeValueAsString(TREE.readTree(json));
            }
            default -> {
                ObjectNode tree = (ObjectNode) TREE.readTree(json);
                List<String> fields = new ArrayList<>();
                tree.fieldNames().forEachRemaining(fields::add);
                if (fields.isEmpty()) {
                    tree.put("extra", 1);
                    return TREE.writeValueAsString(tree);
                }
                String field = fields.get(random.nextInt(fields.size()));
                JsonNode value = tree.get(field);
                JsonNodeFactory nodes = JsonNodeFactory.instance;
                switch (random.nextInt(10)) {
                    case 0 -> tree.remove(field);
                    case 1 -> tree.put("unknown" + random.nextInt(3), "x");
                    case 2 -> tree.putNull(field);
                    case 3 -> tree.put(field, value.asText());
                    case 4 -> tree.put(field, random.nextLong());
                    case 5 -> tree.put(field, random.nextDouble() * 100);
                    case 6 -> tree.put(field, nodes.numberNode(new BigDecimal(random.nextInt(5) + ".0")));
                    case 7 -> tree.set(field, nodes.arrayNode().add(value));
                    case 8 -> tree.put(field, random.nextBoolean());
                    default -> {
                        // a field moved: order must not matter
                        tree.remove(field);
                        tree.set(field, value);
                    }
                }
                return TREE.writeValueAsString(tree);
            }
        }
    }

    /** Equal values are not enough: Jackson's lists and maps are ArrayList and LinkedHashMap, so must these be. */
    private static void assertSameClasses(Object a, Object b, String context) {
        if (a == null || b == null) {
            assertThat(a).as(context).isEqualTo(b);
            return;
        }
        assertThat(a.getClass()).as(context).isEqualTo(b.getClass());
        if (a instanceof Record) {
            for (RecordComponent component : a.getClass().getRecordComponents()) {
                try {
                    component.getAccessor().setAccessible(true);
                    assertSameClasses(component.getAccessor().invoke(a), component.getAccessor().invoke(b), context);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot read " + component, e);
                }
            }
        } else if (a instanceof List<?> la) {
            List<?> lb = (List<?>) b;
            for (int i = 0; i < la.size(); i++) {
                assertSameClasses(la.get(i), lb.get(i), context);
            }
        } else if (a instanceof Map<?, ?> ma) {
            Iterator<?> ib = ((Map<?, ?>) b).values().iterator();
            for (Object va : ma.values()) {
                assertSameClasses(va, ib.next(), context);
            }
        }
    }

    /** Random instances of any domain record: odd strings, extreme numbers, wide instants, nulls, empty collections. */
    static final class RandomRecords {
        private static final String ODD_CHARS = "\"\\/\b\f\n\r\t\u0000\u001f\u007f é中\uD83D\uDE00\uD800\u2028'{}[],:";

        static Object record(Class<?> type, Random random) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            RuntimeException last = null;
            // random values may break a record's own rules (non-null, positive, ...): tamer values after a while
            for (int attempt = 0; attempt < 60; attempt++) {
                boolean tame = attempt >= 30;
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    args[i] = value(components[i].getGenericType(), random, tame);
                }
                try {
                    Constructor<?> constructor = type.getDeclaredConstructor(types);
                    constructor.setAccessible(true);
                    return constructor.newInstance(args);
                } catch (InvocationTargetException e) {
                    last = new IllegalStateException(type.getName() + " rejected " + java.util.Arrays.asList(args), e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot build " + type.getName(), e);
                }
            }
            throw new IllegalStateException("no valid random " + type.getName() + " in 60 attempts; teach RandomRecords", last);
        }

        private static Object value(Type type, Random random, boolean tame) {
            boolean nullable = !(type instanceof Class<?> c && c.isPrimitive());
            if (nullable && !tame && random.nextInt(12) == 0) {
                return null;
            }
            if (type instanceof ParameterizedType parameterized) {
                Class<?> raw = (Class<?>) parameterized.getRawType();
                Type[] args = parameterized.getActualTypeArguments();
                int size = random.nextInt(4);
                if (raw == List.class) {
                    List<Object> list = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        list.add(value(args[0], random, tame));
                    }
                    return list;
                }
                if (raw == Map.class) {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < size; i++) {
                        map.put(value(args[0], random, true), value(args[1], random, tame));
                    }
                    return map;
                }
                throw new IllegalArgumentException("no random " + type);
            }
            Class<?> c = (Class<?>) type;
            if (c == String.class) {
                return string(random, tame);
            }
            if (c == int.class || c == Integer.class) {
                return tame ? 1 + random.nextInt(100) : switch (random.nextInt(4)) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> Integer.MIN_VALUE;
                    case 2 -> random.nextInt(10);
                    default -> random.nextInt();
                };
            }
            if (c == long.class || c == Long.class) {
                return tame ? 1L + random.nextInt(1000) : switch (random.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE;
                    case 1 -> Long.MIN_VALUE;
                    case 2 -> (long) random.nextInt(10);
                    default -> random.nextLong();
                };
            }
            if (c == double.class || c == Double.class) {
                return tame ? 1 + random.nextInt(9) + random.nextDouble() : switch (random.nextInt(5)) {
                    case 0 -> Double.NaN;
                    case 1 -> -random.nextDouble() * 1e300;
                    case 2 -> (double) random.nextInt(10);
                    default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                };
            }
            if (c == boolean.class || c == Boolean.class) {
                return random.nextBoolean();
            }
            if (c == BigDecimal.class) {
                long unscaled = tame ? random.nextInt(100_000) : random.nextLong();
                return new BigDecimal(BigInteger.valueOf(unscaled), tame ? random.nextInt(8) : random.nextInt(20) - 6);
            }
            if (c == Instant.class) {
                // years 1 to 9999 (the form the fast path reads) and, now and then, beyond (left to Jackson)
                long seconds = random.nextInt(20) == 0 ? random.nextLong(-400_000_000_000L, 400_000_000_000L)
                        : random.nextLong(-62_135_596_800L, 253_402_300_800L);
                int nanos = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1000) * 1_000_000;
                    case 2 -> random.nextInt(1_000_000) * 1000;
                    default -> random.nextInt(1_000_000_000);
                };
                return Instant.ofEpochSecond(seconds, nanos);
            }
            if (c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                return constants[random.nextInt(constants.length)];
            }
            if (c.isRecord()) {
                return record(c, random);
            }
            throw new IllegalArgumentException("no random " + c.getName() + "; teach RandomRecords");
        }

        private static String string(Random random, boolean tame) {
            int length = random.nextInt(tame ? 1 : 0, 12);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < length; i++) {
                if (tame || random.nextInt(3) > 0) {
                    out.append((char) ('a' + random.nextInt(26)));
                } else {
                    out.append(ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length())));
                }
            }
            return out.toString();
        }

        private RandomRecords() {
        }
    }
}
