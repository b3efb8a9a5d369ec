package io.syntropic137.domain.github;

import java.util.List;
import java.util.Optional;

/**
 * A webhook delivery's JSON body as trigger rules see it. The domain reads payloads through this interface so that it
 * stays free of any JSON library; an adapter builds it from the parsed body.
 */
public interface WebhookPayload {

    /** The value at a dot path such as {@code check_run.pull_requests[0].number}; empty when absent or JSON null. */
    Optional<Value> at(String path);

    /** Only what conditions compare: scalars as text, arrays item by item, objects by whether they have fields. */
    sealed interface Value {
        boolean isEmpty();
    }

    /** A string, number or boolean, as its JSON text without quotes. */
    record Scalar(String text) implements Value {
        @Override
        public boolean isEmpty() {
            return text.isEmpty();
        }
    }

    record Items(List<Value> items) implements Value {
        public Items {
            items = List.copyOf(items);
        }

        @Override
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    record Fields(int count) implements Value {
        @Override
        public boolean isEmpty() {
            return count == 0;
        }
    }
}
