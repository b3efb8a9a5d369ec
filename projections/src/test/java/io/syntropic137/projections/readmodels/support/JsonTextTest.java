package io.syntropic137.projections.readmodels.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTextTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Every character below 0x80 and a few beyond, including a surrogate pair, in one string and one by one. */
    private static List<String> awkwardStrings() {
        List<String> strings = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (char ch = 0; ch < 0x80; ch++) {
            strings.add(String.valueOf(ch));
            all.append(ch);
        }
        strings.addAll(List.of("", "é ü ß", "\u2028\u2029", "😀", "a\"b\\c/d", "\uffff", all.toString()));
        return strings;
    }

    @Test
    void listsOfStringsAreWrittenAsJacksonWritesThem() throws Exception {
        List<String> strings = awkwardStrings();
        assertThat(JsonText.ofStrings(strings)).isEqualTo(JACKSON.writeValueAsString(strings));
        List<String> withNull = Arrays.asList("a", null, "b");
        assertThat(JsonText.ofStrings(withNull)).isEqualTo(JACKSON.writeValueAsString(withNull));
        assertThat(JsonText.ofStrings(List.of())).isEqualTo("[]");
    }

    @Test
    void mapsOfStringsAreWrittenAsJacksonWritesThemInTheirOrder() throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> strings = awkwardStrings();
        for (int i = 0; i < strings.size(); i++) {
            map.put(strings.get(i), strings.get(strings.size() - 1 - i));
        }
        map.put("nothing", null);
        assertThat(JsonText.ofStrings(map)).isEqualTo(JACKSON.writeValueAsString(map));
        Map<String, String> small = Map.of("issue", "42", "repo", "acme/x");
        assertThat(JsonText.ofStrings(small)).isEqualTo(JACKSON.writeValueAsString(small));
    }

    @Test
    void anythingElseIsLeftToJackson() {
        assertThat(JsonText.ofStrings(List.of(1, 2))).isNull();
        assertThat(JsonText.ofStrings(Map.of("a", 1))).isNull();
        assertThat(JsonText.ofStrings(Map.of(1, "a"))).isNull();
        assertThat(JsonText.ofStrings("text")).isNull();
        Map<String, String> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "a");
        assertThat(JsonText.ofStrings(nullKey)).isNull();
    }
}
