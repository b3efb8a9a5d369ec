package io.syntropic137.application.codec;

import io.syntropic137.domain.Aggregates;
import io.syntropic137.domain.shared.AggregateType;

import java.util.ArrayList;
import java.util.List;

/** The concrete command and event records of the domain, found through the sealed hierarchies. */
final class DomainCatalog {

    static List<Class<?>> eventClasses() {
        List<Class<?>> all = new ArrayList<>();
        for (AggregateType<?, ?, ?> type : Aggregates.ALL) {
            all.addAll(leaves(type.eventType()));
        }
        return all;
    }

    static List<Class<?>> leaves(Class<?> sealedType) {
        if (!sealedType.isSealed()) {
            return List.of(sealedType);
        }
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> sub : sealedType.getPermittedSubclasses()) {
            leaves.addAll(leaves(sub));
        }
        return leaves;
    }

    private DomainCatalog() {
    }
}
