package io.syntropic137.server.stream;

import io.syntropic137.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSettingsTest {
    @Test
    void defaultsAndOverridesComeFromTheEnvironment() {
        assertThat(StreamSettings.fromEnvironment(Map.of())).isEqualTo(StreamSettings.defaults());
        StreamSettings set = StreamSettings.fromEnvironment(Map.of("SYN_STREAM_KEEPALIVE_MS", "500", "SYN_STREAM_CLIENT_QUEUE", "64"));
        assertThat(set.keepAlive()).isEqualTo(Duration.ofMillis(500));
        assertThat(set.clientQueueFrames()).isEqualTo(64);
    }

    @Test
    void everyBadSettingIsNamed() {
        assertThatThrownBy(() -> StreamSettings.fromEnvironment(Map.of("SYN_STREAM_KEEPALIVE_MS", "60000",
                "SYN_STREAM_CLIENT_QUEUE", "none")))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining("SYN_STREAM_KEEPALIVE_MS=60000 is too long")
                .hasMessageContaining("SYN_STREAM_CLIENT_QUEUE=none must be a whole number");
    }
}
