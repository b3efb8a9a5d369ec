package io.syntropic137.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The optional configuration file: the same {@code SYN_*} settings as the environment, one {@code NAME=value} per line
 * (Java properties). It is {@code SYN_CONFIG_FILE} when set (then it must exist), else
 * {@code $XDG_CONFIG_HOME/syntropic137/syn.conf} or {@code ~/.config/syntropic137/syn.conf} when present. The
 * environment wins over the file. Secrets do not belong here (use {@code SYN_SECRETS_FILE}), so the file may hold only
 * {@code SYN_*} names and never {@code SYN_TOKEN}.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /** The file's settings overlaid with the environment's; problems name the file and the line's key. */
    static Map<String, String> withEnvironment(Map<String, String> env) {
        Path file = locate(env);
        if (file == null) {
            return env;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ServerConfig.InvalidConfigException(List.of("the configuration file " + file + " cannot be read: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> merged = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("SYN_") || key.equals("SYN_CONFIG_FILE")) {
                problems.add(file + ": " + key + " is not a setting this file may hold (only SYN_* settings; secrets go in SYN_SECRETS_FILE)");
            } else if (key.equals("SYN_TOKEN")) {
                problems.add(file + ": SYN_TOKEN is a client's secret, not a server setting; keep it out of this file");
            } else {
                merged.put(key, properties.getProperty(key).strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new ServerConfig.InvalidConfigException(problems);
        }
        merged.putAll(env);
        return Map.copyOf(merged);
    }

    private static Path locate(Map<String, String> env) {
        String explicit = env.get("SYN_CONFIG_FILE");
        if (explicit != null && !explicit.isBlank()) {
            Path file = Path.of(explicit.strip());
            if (!Files.isRegularFile(file)) {
                throw new ServerConfig.InvalidConfigException(List.of("SYN_CONFIG_FILE=" + explicit + " is not a file"));
            }
            return file;
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        Path file = base.resolve("syntropic137").resolve("syn.conf");
        return Files.isRegularFile(file) ? file : null;
    }
}
