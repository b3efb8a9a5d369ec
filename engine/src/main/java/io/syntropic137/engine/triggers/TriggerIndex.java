package io.syntropic137.engine.triggers;

import java.util.List;

/** Which rules listen to an event on a repository: a read model answers, the rule's own stream then decides. */
@FunctionalInterface
public interface TriggerIndex {
    List<String> activeRules(String repository, String event);
}
