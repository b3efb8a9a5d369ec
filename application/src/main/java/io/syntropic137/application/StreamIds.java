package io.syntropic137.application;

import io.syntropic137.domain.shared.AggregateType;

/** {@code <aggregate name>-<aggregate id>}: one stream per aggregate, grouped by prefix for subscriptions. */
public final class StreamIds {

    public static String of(AggregateType<?, ?, ?> type, String aggregateId) {
        return type.name() + "-" + aggregateId;
    }

    /** The prefix shared by all streams of one aggregate type. */
    public static String prefix(AggregateType<?, ?, ?> type) {
        return type.name() + "-";
    }

    private StreamIds() {
    }
}
