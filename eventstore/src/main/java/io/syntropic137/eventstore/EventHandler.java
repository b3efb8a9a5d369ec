package io.syntropic137.eventstore;

@FunctionalInterface
public interface EventHandler {
    void handle(RecordedEvent event) throws Exception;
}
