package dev.agentfleet.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.audit.AuditEntry;
import dev.agentfleet.workflows.audit.AuditHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRowTest {

  private static final String AT = "2025-03-01T10:00:00.010Z";

  private static AuditEntry entry(long at) {
    return new AuditEntry(
        "wf-1#1", "wf-1", "T-1", "triage", "d1", "model", "classify", "minilm", "{}", at);
  }

  @Test
  void the_stored_time_text_is_what_is_hashed_and_its_epoch_millis_are_read_back() {
    String hash = AuditHash.of(AuditHash.GENESIS, entry(0), AT);
    AuditRow row = new AuditRow(1, entry(1_740_823_200_010L), AT, AuditHash.GENESIS, hash);

    assertThat(row.recomputedHash()).isEqualTo(hash);
    assertThat(AuditRow.epochMillis(AT)).isEqualTo(1_740_823_200_010L);
  }

  @Test
  void an_edited_time_that_is_no_longer_a_time_still_reads_and_no_longer_matches_its_hash() {
    String hash = AuditHash.of(AuditHash.GENESIS, entry(0), AT);
    AuditRow edited = new AuditRow(1, entry(0), "yesterday", AuditHash.GENESIS, hash);

    assertThat(AuditRow.epochMillis("yesterday")).isZero();
    assertThat(edited.recomputedHash()).isNotEqualTo(hash);
  }

  @Test
  void the_json_form_lists_place_and_time_then_what_happened_then_where_it_belongs()
      throws Exception {
    AuditRow row = new AuditRow(7, entry(0), AT, "p", "h");

    String json = new ObjectMapper().writeValueAsString(List.of(row));

    assertThat(json)
        .isEqualTo(
            "[{\"seq\":7,\"at\":\"2025-03-01T10:00:00.010Z\",\"kind\":\"model\","
                + "\"stepId\":\"classify\",\"actor\":\"minilm\",\"detail\":\"{}\","
                + "\"entryKey\":\"wf-1#1\",\"workflowId\":\"wf-1\",\"recordId\":\"T-1\","
                + "\"agent\":\"triage\",\"definitionHash\":\"d1\",\"prevHash\":\"p\","
                + "\"hash\":\"h\"}]");
  }
}
