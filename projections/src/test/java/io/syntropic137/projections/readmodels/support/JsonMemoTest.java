package io.syntropic137.projections.readmodels.support;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMemoTest {
    @Test
    void theTextFollowsTheValueAndIsReusedWhileTheValueStaysTheSame() {
        JsonMemo memo = new JsonMemo();
        List<String> rules = List.of("a", "b");
        String first = memo.of(rules);
        assertThat(first).isEqualTo("[\"a\",\"b\"]");
        assertThat(memo.of(rules)).isSameAs(first);
        assertThat(memo.of(List.of("c"))).isEqualTo("[\"c\"]");
        assertThat(memo.of(null)).isEqualTo("null");
        assertThat(memo.of(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void aValueReadFromItsTextKeepsThatText() {
        JsonMemo memo = new JsonMemo();
        List<String> read = memo.read(List.of("x"), "[ \"x\" ]");
        assertThat(memo.of(read)).isEqualTo("[ \"x\" ]");
        assertThat(memo.of(List.of("x"))).isEqualTo("[\"x\"]"); // an equal but other value is written anew
    }
}
