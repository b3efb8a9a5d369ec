package io.syntropic137.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class AgentSettingsTest {

    @Test
    void theRetryBudgetGoesToTheCliOnlyWhenSet() {
        assertThat(AgentSettings.fromEnvironment(Map.of()).cliEnvironment()).isEmpty();
        assertThat(AgentSettings.fromEnvironment(Map.of("SYN_CLAUDE_CODE_MAX_RETRIES", " 2 ")).cliEnvironment())
                .containsExactly(Map.entry("CLAUDE_CODE_MAX_RETRIES", "2"));
    }

    @Test
    void aBadRetryBudgetIsNamedWithTheOtherProblems() {
        assertThatThrownBy(() -> AgentSettings.fromEnvironment(Map.of("SYN_CLAUDE_CODE_MAX_RETRIES", "many",
                "SYN_CLAUDE_CODE", "maybe")))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining("SYN_CLAUDE_CODE_MAX_RETRIES=many is not a whole number")
                .hasMessageContaining("SYN_CLAUDE_CODE=maybe");
        assertThatThrownBy(() -> AgentSettings.fromEnvironment(Map.of("SYN_CLAUDE_CODE_MAX_RETRIES", "-1")))
                .hasMessageContaining("must be between 0 and 100");
    }
}
