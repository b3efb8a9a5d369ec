package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;

/** A content block of a scripted assistant reply. */
public sealed interface ContentBlock {

    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call. String values in {@code input} may contain {@code {cwd}}, replaced by the working directory
     * the client reports in its request, because tools such as Write need absolute paths.
     *
     * @param id empty = a fresh unique id is generated each time the block is served
     */
    record ToolUse(Optional<String> id, String name, ObjectNode input) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            input = input.deepCopy();
        }

        @Override
        public ObjectNode input() {
            return input.deepCopy(); // the node is mutable; every caller gets its own
        }
    }
}
