package dev.agentfleet.starter.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentfleet.starter.FleetException;
import dev.agentfleet.workflows.run.WorkflowIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Naming a run by its record id, against a fake namespace (visibility is a map of queries). */
class RunIdsTest {

  private static final String ODD = "Ticket 42/é";
  private static final String ODD_RUN = WorkflowIds.forRecord("support-triage", ODD);

  private final Set<String> runs = new java.util.HashSet<>();
  private final Map<String, List<String>> visibility = new HashMap<>();
  private final List<String> queries = new ArrayList<>();
  private final RunIds ids =
      new RunIds(
          runs::contains,
          query -> {
            queries.add(query);
            return visibility.getOrDefault(query, List.of());
          },
          "default");

  private static String byRecord(String recordId) {
    return "WorkflowType = 'AgentRun' AND FleetRecordId = " + RunIds.literal(recordId);
  }

  @Test
  void a_workflow_id_is_taken_as_it_is_without_a_search() {
    runs.add("support-triage/T-1");
    assertThat(ids.resolve("support-triage/T-1")).isEqualTo("support-triage/T-1");
    assertThat(queries).isEmpty();
  }

  @Test
  void agent_slash_the_record_id_as_written_is_derived_like_run_derives_it() {
    runs.add(ODD_RUN);
    assertThat(ODD_RUN).isNotEqualTo("support-triage/" + ODD);
    assertThat(ids.resolve("support-triage/" + ODD)).isEqualTo(ODD_RUN);
  }

  @Test
  void a_bare_record_id_is_found_by_its_search_attribute() {
    runs.add(ODD_RUN);
    visibility.put(byRecord(ODD), List.of(ODD_RUN, ODD_RUN));
    assertThat(ids.resolve(ODD)).isEqualTo(ODD_RUN);
  }

  @Test
  void a_record_id_of_runs_of_two_agents_is_ambiguous_and_says_which() {
    visibility.put(byRecord("T-9"), List.of("support-triage/T-9", "content-ops/T-9"));
    assertThatThrownBy(() -> ids.resolve("T-9"))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("names 2 runs: support-triage/T-9, content-ops/T-9")
        .hasMessageContaining("workflow id");
  }

  @Test
  void an_id_that_matches_nothing_says_so_and_where_to_look() {
    assertThatThrownBy(() -> ids.resolve("nope 1"))
        .isInstanceOf(FleetException.class)
        .hasMessage(
            "no run with workflow id or record id 'nope 1' in namespace default — list runs with"
                + " ./fleet runs");
  }

  @Test
  void quotes_in_a_record_id_cannot_change_the_query() {
    assertThat(RunIds.literal("x' OR FleetAgent = 'y")).isEqualTo("'x\\' OR FleetAgent = \\'y'");
    assertThat(RunIds.literal("a\\b")).isEqualTo("'a\\\\b'");
  }
}
