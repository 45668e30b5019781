package dev.agentfleet.bench.runs;

import static dev.agentfleet.workflows.playbook.Execution.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.playbook.ActionStep;
import dev.agentfleet.workflows.playbook.ModelStep;
import dev.agentfleet.workflows.playbook.Playbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchAgentsTest {

  private static final Path AGENTS = Path.of("agents").toAbsolutePath();

  @TempDir Path work;

  @Test
  void the_shipped_benchmark_agents_are_valid_playbooks() {
    BenchAgents agents = new BenchAgents(AGENTS);

    for (String name : List.of(BenchAgents.CHAIN, BenchAgents.RECOVERY, BenchAgents.TRIAGE)) {
      assertThat(agents.load(name).definition().name()).isEqualTo(name);
    }
    assertThat(modelSteps(agents.load(BenchAgents.CHAIN))).hasSize(BenchAgents.CHAIN_STEPS);
  }

  @Test
  void a_chain_of_another_length_repeats_the_first_step_and_ends_where_the_shipped_one_ends() {
    Playbook three = new BenchAgents(AGENTS).chain(3, work);

    List<ModelStep> steps = modelSteps(three);
    assertThat(steps).extracting(ModelStep::id).containsExactly("step1", "step2", "step3");
    assertThat(steps).extracting(ModelStep::next).containsExactly("step2", "step3", "done");
    assertThat(steps.get(2).purpose()).isEqualTo("Summarise the note (step 3)");
    assertThat(three.definition().name()).isEqualTo(BenchAgents.CHAIN);
    assertThat(Files.exists(work.resolve("bench-chain-3.yaml"))).isTrue();
  }

  @Test
  void the_local_chain_runs_every_model_step_local_under_its_own_name() {
    BenchAgents agents = new BenchAgents(AGENTS);

    Playbook five = agents.localChain(5, work);
    Playbook three = agents.localChain(3, work);

    assertThat(five.definition().name()).isEqualTo(BenchAgents.LOCAL_CHAIN);
    assertThat(modelSteps(five)).hasSize(5).extracting(ModelStep::execution).containsOnly(LOCAL);
    assertThat(modelSteps(three))
        .extracting(ModelStep::id)
        .containsExactly("step1", "step2", "step3");
    assertThat(modelSteps(three)).extracting(ModelStep::execution).containsOnly(LOCAL);
    assertThat(modelSteps(agents.load(BenchAgents.CHAIN)))
        .extracting(ModelStep::execution)
        .containsOnlyNulls();
    assertThat(work.resolve("bench-chain-local-5.yaml")).exists();
  }

  @Test
  void the_local_recovery_agent_keeps_its_actions_as_activities() {
    Playbook local = new BenchAgents(AGENTS).localVariant(BenchAgents.RECOVERY, work);

    assertThat(local.definition().name()).isEqualTo("bench-recovery-local");
    assertThat(modelSteps(local)).hasSize(2).extracting(ModelStep::execution).containsOnly(LOCAL);
    assertThat(local.definition().steps())
        .filteredOn(ActionStep.class::isInstance)
        .hasSize(2)
        .extracting(s -> ((ActionStep) s).execution())
        .containsOnlyNulls();
  }

  @Test
  void generated_records_fit_the_agents_contracts_and_differ_from_one_another() {
    BenchAgents agents = new BenchAgents(AGENTS);

    var notes = BenchRecords.notes(agents.load(BenchAgents.CHAIN), "run", 50);
    var tickets = BenchRecords.tickets(agents.load(BenchAgents.TRIAGE), "p1", 20);
    var again = BenchRecords.tickets(agents.load(BenchAgents.TRIAGE), "p2", 20);

    assertThat(notes).hasSize(50);
    assertThat(notes.stream().map(r -> r.item().fields().get("text")).distinct()).hasSize(50);
    assertThat(notes.get(0).item().id()).isEqualTo("run-00001");
    assertThat(again.get(7).item().fields().get("body"))
        .isEqualTo(tickets.get(7).item().fields().get("body"));
    assertThat(again.get(7).item().id()).isNotEqualTo(tickets.get(7).item().id());
  }

  private static List<ModelStep> modelSteps(Playbook playbook) {
    return playbook.definition().steps().stream()
        .filter(ModelStep.class::isInstance)
        .map(ModelStep.class::cast)
        .toList();
  }
}
