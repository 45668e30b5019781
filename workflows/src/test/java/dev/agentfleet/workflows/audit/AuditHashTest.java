package dev.agentfleet.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/**
 * The hash rule pinned to values computed outside Java ({@code printf '%s' ... | sha256sum}), so a
 * change that would stop existing logs from verifying fails here.
 */
class AuditHashTest {

  @Test
  void genesis_is_sixty_four_zeros() {
    assertThat(AuditHash.GENESIS).hasSize(64).matches("0+");
  }

  @Test
  void one_field_hashes_as_prev_hash_then_length_colon_text() {
    // printf '%s' "$(printf '0%.0s' {1..64})" "1:x" | sha256sum
    assertThat(AuditHash.of(AuditHash.GENESIS, "x"))
        .isEqualTo("12ca90f05ffee56ca03225fd656bb9f1b8500a7205686a259bcb6a693f67593b");
  }

  @Test
  void an_entry_hashes_its_ten_fields_in_canonical_order_with_utf8_byte_lengths() {
    AuditEntry entry =
        new AuditEntry(
            "wf-1#1",
            "wf-1",
            null,
            "support-triage",
            "def1",
            "decision",
            "triage",
            "rule:high-confidence",
            "next=réf",
            1_740_823_200_001L);

    // "next=réf" is 8 characters and 9 UTF-8 bytes; the null record id is "-".
    assertThat(AuditHash.of(AuditHash.GENESIS, entry, "2025-03-01T10:00:00.001Z"))
        .isEqualTo("e50db56549686961aa1138e422f76ee5b699529eaeb6d63a1408dfb7a2723db7");
  }

  @Test
  void the_canonical_form_tells_null_from_text_and_field_boundaries_apart() {
    assertThat(AuditHash.of(AuditHash.GENESIS, "ab", "c"))
        .isNotEqualTo(AuditHash.of(AuditHash.GENESIS, "a", "bc"));
    assertThat(AuditHash.of(AuditHash.GENESIS, (String) null))
        .isNotEqualTo(AuditHash.of(AuditHash.GENESIS, "-"));
    assertThat(AuditHash.of(AuditHash.GENESIS, "x"))
        .isNotEqualTo(AuditHash.of("f".repeat(64), "x"));
  }

  @Test
  void a_missing_previous_hash_is_refused() {
    assertThatNullPointerException()
        .isThrownBy(() -> AuditHash.of(null, "x"))
        .withMessageContaining("GENESIS");
  }
}
