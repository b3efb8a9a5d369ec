package io.syntropic137.application;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndCarryTheirMillisecond() {
        UUID id = TimeOrderedIds.of(0x0123_4567_89ABL, new Random(7));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(0x0123_4567_89ABL);
    }

    @Test
    void laterMillisecondsSortAfterEarlierOnes() {
        Random random = new Random(1);
        UUID earlier = TimeOrderedIds.of(1_000, random);
        UUID later = TimeOrderedIds.of(1_001, random);
        // the string form is what the stores index
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void manyIdsInOneMillisecondAreDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.next());
        }
        assertThat(ids).hasSize(100_000);
    }
}
