package dev.agentfleet.activities.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryConfigTest {

  @Test
  void the_cap_defaults_and_can_be_set_from_the_environment() {
    assertThat(MemoryConfig.fromEnv(Map.of()).maxItems()).isEqualTo(MemoryConfig.DEFAULT_MAX_ITEMS);
    assertThat(MemoryConfig.fromEnv(Map.of("FLEET_MEMORY_MAX_ITEMS", " 250 ")).maxItems())
        .isEqualTo(250);
  }

  @Test
  void a_malformed_cap_names_the_variable() {
    assertThatThrownBy(() -> MemoryConfig.fromEnv(Map.of("FLEET_MEMORY_MAX_ITEMS", "lots")))
        .hasMessageContaining("FLEET_MEMORY_MAX_ITEMS")
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> MemoryConfig.fromEnv(Map.of("FLEET_MEMORY_MAX_ITEMS", "0")))
        .hasMessageContaining("at least 1");
  }
}
