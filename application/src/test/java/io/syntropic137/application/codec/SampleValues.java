package io.syntropic137.application.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds an instance of any domain record with every component filled (no nulls, non-empty collections),
 * so a round-trip test covers every field of every event without hand-written samples.
 */
final class SampleValues {

    static Object of(Type type, String name) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                return List.of(of(args[0], name + "0"), of(args[0], name + "1"));
            }
            if (raw == Map.class) {
                return Map.of(of(args[0], name + "k0"), of(args[1], name + "v0"), of(args[0], name + "k1"), of(args[1], name + "v1"));
            }
            throw new IllegalArgumentException("no sample for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "sample-" + name;
        }
        if (c == int.class || c == Integer.class) {
            return 7 + Math.floorMod(name.hashCode(), 1000); // distinct per name: map keys k0 and k1 must differ
        }
        if (c == long.class || c == Long.class) {
            return 1_000_000_007L + name.length();
        }
        if (c == double.class || c == Double.class) {
            return 2.5 + name.length(); // >= 1: a retry multiplier
        }
        if (c == boolean.class || c == Boolean.class) {
            return Boolean.TRUE;
        }
        if (c == Instant.class) {
            return Instant.parse("2026-03-04T05:06:07.123456789Z");
        }
        if (c == BigDecimal.class) {
            return new BigDecimal("12.3450");
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (c.isRecord()) {
            return record(c);
        }
        throw new IllegalArgumentException("no sample for " + c.getName() + " (" + name + "); teach SampleValues");
    }

    static Object record(Class<?> recordType) {
        RecordComponent[] components = recordType.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = of(components[i].getGenericType(), components[i].getName());
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = recordType.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + recordType.getName(), e);
        }
    }

    private SampleValues() {
    }
}
