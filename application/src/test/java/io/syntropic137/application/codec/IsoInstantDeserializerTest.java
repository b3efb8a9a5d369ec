package io.syntropic137.application.codec;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantDeserializerTest {

    @Test
    void readsWhatInstantToStringWritesExactly() {
        Random random = new Random(137);
        for (int i = 0; i < 100_000; i++) {
            // 1970 to 9999, with every precision Instant.toString produces (none, millis, micros, nanos)
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_799L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstantDeserializer.parse(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
    }

    @Test
    void leavesOtherFormsToJackson() {
        assertThat(IsoInstantDeserializer.parse("2026-02-30T00:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-01-01T00:00:00+01:00")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-01-01T24:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-01-01T00:00:00.Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-01-01 00:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("+12026-01-01T00:00:00Z")).isNull();
        assertThat(IsoInstantDeserializer.parse("2026-01-01T00:00:60Z")).isNull();
    }

    @Test
    void theCodecStillReadsTheFormsJacksonAccepts() {
        JsonCodec codec = new JsonCodec();
        record Stamped(Instant at) {
        }
        assertThat(codec.read("{\"at\":\"2026-01-01T01:00:00+01:00\"}", Stamped.class).at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(codec.read("{\"at\":\"2026-01-01T00:00:00.5Z\"}", Stamped.class).at()).isEqualTo(Instant.parse("2026-01-01T00:00:00.500Z"));
        Instant now = Instant.now();
        assertThat(codec.read(codec.write(new Stamped(now)), Stamped.class).at()).isEqualTo(now);
    }
}
