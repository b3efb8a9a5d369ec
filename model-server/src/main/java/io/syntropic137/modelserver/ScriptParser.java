package io.syntropic137.modelserver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the JSON script format documented in the module README. Every problem is reported with the script's
 * name and the JSON path of the offending value, and unknown keys are refused so a typo never silently
 * changes what is served.
 */
public final class ScriptParser {

    /** Used when a reply gives no {@code input_tokens}: small, fixed, so costs in tests are predictable. */
    static final long DEFAULT_INPUT_TOKENS = 10;

    private static final Set<String> STOP_REASONS =
            Set.of("end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "refusal");
    private static final Set<String> SCRIPT_KEYS = Set.of("turns", "when_exhausted");
    private static final Set<String> REPLY_KEYS =
            Set.of("match", "content", "stop_reason", "usage", "model", "chunk_delay_ms");
    private static final Set<String> USAGE_KEYS = Set.of(
            "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens");
    private static final Set<String> HTTP_FAULT_KEYS = Set.of("fault", "match", "times", "status", "retry_after", "message");
    private static final Set<String> DROP_FAULT_KEYS = Set.of("fault", "match", "times", "after_events");
    private static final Set<String> STALL_FAULT_KEYS = Set.of("fault", "match", "times", "after_events", "stall_ms");

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public Script parse(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScriptException("cannot read script " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a script bundled on the classpath, such as {@code demo-write-bash.json}. */
    public Script parseResource(String resourceName) {
        try (InputStream in = ScriptParser.class.getResourceAsStream(resourceName)) {
            if (in == null) throw new ScriptException("no script resource " + resourceName + " next to " + ScriptParser.class.getName());
            return parse(resourceName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Script parse(String name, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ScriptException(name + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new ScriptException(name + ": the script is empty");
        return new Reader(name).script(root);
    }

    /** One parse: knows the script name so every error can say where it is. */
    private record Reader(String name) {

        Script script(JsonNode root) {
            JsonNode turnsNode;
            WhenExhausted whenExhausted = WhenExhausted.DEFAULT;
            if (root.isArray()) {
                turnsNode = root; // shorthand: a bare list of turns
            } else if (root.isObject()) {
                onlyKeys(root, "", SCRIPT_KEYS);
                turnsNode = root.get("turns");
                if (turnsNode == null) throw error("", "a script needs \"turns\" (a list)");
                if (root.has("when_exhausted")) whenExhausted = whenExhausted(root.get("when_exhausted"));
            } else {
                throw error("", "a script is an object with \"turns\" or a list of turns, not " + kind(root));
            }
            if (!turnsNode.isArray()) throw error("turns", "must be a list, not " + kind(turnsNode));
            List<Turn> turns = new ArrayList<>();
            for (int i = 0; i < turnsNode.size(); i++) turns.add(turn(turnsNode.get(i), "turns[" + i + "]"));
            return new Script(name, turns, whenExhausted);
        }

        private WhenExhausted whenExhausted(JsonNode node) {
            String at = "when_exhausted";
            if (!node.isObject()) throw error(at, "must be {\"text\": ...} or {\"status\": ..., \"message\": ...}");
            if (node.has("text") && !node.has("status")) {
                onlyKeys(node, at, Set.of("text"));
                return new WhenExhausted.FinalText(text(node, "text", at));
            }
            if (node.has("status") && !node.has("text")) {
                onlyKeys(node, at, Set.of("status", "message"));
                int status = status(node, at);
                String message = node.has("message") ? text(node, "message", at) : "the script has no more turns";
                return new WhenExhausted.Error(status, message);
            }
            throw error(at, "give either \"text\" (a final reply) or \"status\" (an HTTP error)");
        }

        private Turn turn(JsonNode node, String at) {
            if (!node.isObject()) throw error(at, "a turn must be an object, not " + kind(node));
            return node.has("fault") ? fault(node, at) : reply(node, at);
        }

        private Turn.Reply reply(JsonNode node, String at) {
            onlyKeys(node, at, REPLY_KEYS);
            JsonNode contentNode = node.get("content");
            if (contentNode == null) throw error(at, "a reply needs \"content\" (a list of text and tool_use blocks), or \"fault\"");
            if (!contentNode.isArray() || contentNode.isEmpty()) throw error(at + ".content", "must be a non-empty list of blocks");
            List<ContentBlock> content = new ArrayList<>();
            for (int i = 0; i < contentNode.size(); i++) content.add(block(contentNode.get(i), at + ".content[" + i + "]"));

            boolean callsTools = content.stream().anyMatch(ContentBlock.ToolUse.class::isInstance);
            String stopReason = callsTools ? "tool_use" : "end_turn";
            if (node.has("stop_reason")) {
                stopReason = text(node, "stop_reason", at);
                if (!STOP_REASONS.contains(stopReason)) {
                    throw error(at + ".stop_reason", "unknown stop reason \"" + stopReason + "\"; expected one of " + STOP_REASONS);
                }
            }
            Usage usage = usage(node.get("usage"), at + ".usage", content);
            Optional<String> model = node.has("model") ? Optional.of(text(node, "model", at)) : Optional.empty();
            long delay = node.has("chunk_delay_ms") ? count(node, "chunk_delay_ms", at) : 0;
            return new Turn.Reply(match(node, at), content, stopReason, usage, model, delay);
        }

        private ContentBlock block(JsonNode node, String at) {
            if (!node.isObject()) throw error(at, "a block must be an object, not " + kind(node));
            String type = node.has("type") ? text(node, "type", at) : "";
            return switch (type) {
                case "text" -> {
                    onlyKeys(node, at, Set.of("type", "text"));
                    yield new ContentBlock.Text(text(node, "text", at));
                }
                case "tool_use" -> {
                    onlyKeys(node, at, Set.of("type", "id", "name", "input"));
                    String name = text(node, "name", at);
                    if (name.isBlank()) throw error(at + ".name", "must not be blank");
                    JsonNode input = node.get("input");
                    if (input == null) throw error(at, "a tool_use block needs \"input\" (an object)");
                    if (!input.isObject()) throw error(at + ".input", "must be an object, not " + kind(input));
                    Optional<String> id = node.has("id") ? Optional.of(text(node, "id", at)) : Optional.empty();
                    yield new ContentBlock.ToolUse(id, name, (ObjectNode) input);
                }
                default -> throw error(at + ".type", "expected \"text\" or \"tool_use\", got " +
                        (node.has("type") ? "\"" + type + "\"" : "nothing"));
            };
        }

        private Usage usage(JsonNode node, String at, List<ContentBlock> content) {
            long outputDefault = Math.max(1, (visibleLength(content) + 3) / 4); // about 4 characters per token
            if (node == null) return new Usage(DEFAULT_INPUT_TOKENS, outputDefault, 0, 0);
            if (!node.isObject()) throw error(at, "must be an object, not " + kind(node));
            onlyKeys(node, at, USAGE_KEYS);
            return new Usage(
                    node.has("input_tokens") ? count(node, "input_tokens", at) : DEFAULT_INPUT_TOKENS,
                    node.has("output_tokens") ? count(node, "output_tokens", at) : outputDefault,
                    node.has("cache_creation_input_tokens") ? count(node, "cache_creation_input_tokens", at) : 0,
                    node.has("cache_read_input_tokens") ? count(node, "cache_read_input_tokens", at) : 0);
        }

        private Turn.Fault fault(JsonNode node, String at) {
            String kind = text(node, "fault", at);
            FaultAction action = switch (kind) {
                case "http" -> {
                    onlyKeys(node, at, HTTP_FAULT_KEYS);
                    int status = status(node, at);
                    Optional<Long> retryAfter = node.has("retry_after")
                            ? Optional.of(count(node, "retry_after", at)) : Optional.empty();
                    String message = node.has("message") ? text(node, "message", at) : ApiErrors.defaultMessage(status);
                    yield new FaultAction.HttpError(status, retryAfter, message);
                }
                case "drop" -> {
                    onlyKeys(node, at, DROP_FAULT_KEYS);
                    yield new FaultAction.DropStream(afterEvents(node, at));
                }
                case "stall" -> {
                    onlyKeys(node, at, STALL_FAULT_KEYS);
                    Optional<Long> stall = node.has("stall_ms") ? Optional.of(count(node, "stall_ms", at)) : Optional.empty();
                    yield new FaultAction.StallStream(afterEvents(node, at), stall);
                }
                default -> throw error(at + ".fault", "unknown fault \"" + kind + "\"; expected http, drop or stall");
            };
            int times = 1;
            if (node.has("times")) {
                long t = count(node, "times", at);
                if (t < 1 || t > Integer.MAX_VALUE) throw error(at + ".times", "must be at least 1");
                times = (int) t;
            }
            return new Turn.Fault(match(node, at), action, times);
        }

        private int afterEvents(JsonNode node, String at) {
            // by default cut after message_start and the first block's start, i.e. once content has begun
            long n = node.has("after_events") ? count(node, "after_events", at) : 3;
            if (n > Integer.MAX_VALUE) throw error(at + ".after_events", "is too large");
            return (int) n;
        }

        private int status(JsonNode node, String at) {
            if (!node.has("status")) throw error(at, "needs \"status\" (an HTTP status 400-599)");
            long status = count(node, "status", at);
            if (status < 400 || status > 599) throw error(at + ".status", "must be an HTTP error status 400-599, got " + status);
            return (int) status;
        }

        private Optional<String> match(JsonNode node, String at) {
            if (!node.has("match")) return Optional.empty();
            String match = text(node, "match", at);
            if (match.isEmpty()) throw error(at + ".match", "must not be empty (leave it out to match anything)");
            return Optional.of(match);
        }

        private String text(JsonNode node, String key, String at) {
            JsonNode value = node.get(key);
            if (value == null) throw error(at, "needs \"" + key + "\"");
            if (!value.isTextual()) throw error(join(at, key), "must be a string, not " + kind(value));
            return value.textValue();
        }

        private long count(JsonNode node, String key, String at) {
            JsonNode value = node.get(key);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw error(join(at, key), "must be a whole number >= 0, not " + value);
            }
            return value.longValue();
        }

        private void onlyKeys(JsonNode node, String at, Set<String> allowed) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw error(join(at, key), "unknown key; allowed here: " + allowed.stream().sorted().toList());
                }
            }
        }

        private ScriptException error(String at, String problem) {
            return new ScriptException(name + ": " + (at.isEmpty() ? "" : at + ": ") + problem);
        }

        private static String join(String at, String key) {
            return at.isEmpty() ? key : at + "." + key;
        }

        private static String kind(JsonNode node) {
            return switch (node.getNodeType()) {
                case ARRAY -> "a list";
                case OBJECT -> "an object";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                default -> node.getNodeType().toString().toLowerCase();
            };
        }

        private static long visibleLength(List<ContentBlock> content) {
            long length = 0;
            for (ContentBlock block : content) {
                length += switch (block) {
                    case ContentBlock.Text text -> text.text().length();
                    case ContentBlock.ToolUse tool -> tool.input().toString().length();
                };
            }
            return length;
        }
    }
}
