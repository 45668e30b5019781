package dev.agentfleet.starter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {

  @Test
  void one_is_singular_the_rest_plural_with_thousands_grouped() {
    assertThat(Counts.of(1, "decision")).isEqualTo("1 decision");
    assertThat(Counts.of(0, "decision")).isEqualTo("0 decisions");
    assertThat(Counts.of(10_034, "run")).isEqualTo("10,034 runs");
    assertThat(Counts.of(2, "entry", "entries")).isEqualTo("2 entries");
  }
}
