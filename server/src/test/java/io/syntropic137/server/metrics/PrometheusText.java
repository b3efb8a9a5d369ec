package io.syntropic137.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 (and the OpenMetrics text it shares its sample syntax with):
 * a line it cannot read fails the test, so "it parses" means something.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME.pattern() + ")(\\{(.*)})? (\\S+)( -?\\d+(\\.\\d+)?)?");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"\\s*(,|$)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped|unknown|info|stateset|gaugehistogram)");
    private static final Set<String> SPECIAL = Set.of("+Inf", "-Inf", "NaN");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public static PrometheusText parse(String body) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : body.split("\n", -1)) {
            if (line.isEmpty() || line.equals("# EOF")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher type = TYPE.matcher(line);
                if (!type.matches()) {
                    throw new IllegalArgumentException("not a TYPE line: " + line);
                }
                if (types.put(type.group(1), type.group(2)) != null) {
                    throw new IllegalArgumentException("a second TYPE for " + type.group(1));
                }
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# UNIT ")) {
                continue;
            }
            if (line.startsWith("#")) {
                throw new IllegalArgumentException("unknown comment: " + line);
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            String labelText = sample.group(3) == null ? "" : sample.group(3);
            Matcher label = LABEL.matcher(labelText);
            int at = 0;
            while (at < labelText.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw new IllegalArgumentException("bad labels in: " + line);
                }
                if (labels.put(label.group(1), label.group(2)) != null) {
                    throw new IllegalArgumentException("a label twice in: " + line);
                }
                at = label.end();
            }
            String value = sample.group(4);
            double number = SPECIAL.contains(value) ? switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            } : Double.parseDouble(value);
            samples.add(new Sample(sample.group(1), labels, number));
        }
        return new PrometheusText(samples, types);
    }

    /** The one sample of {@code name} whose labels include {@code labels} (pairs); fails if none or several. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + List.of(labels) + ": " + found);
        }
        return found.getFirst().value();
    }

    /** Every sample of {@code name} whose labels include {@code labels}. */
    public List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    public double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The declared type of a metric family, or null. */
    public String type(String family) {
        return types.get(family);
    }
}
