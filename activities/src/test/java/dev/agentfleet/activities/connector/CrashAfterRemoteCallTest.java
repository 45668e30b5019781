package dev.agentfleet.activities.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentfleet.workflows.action.ActionRequest;
import dev.agentfleet.workflows.action.Attestation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection hook halts only a worker that asked for it, and only after the operation it
 * names. Halting is replaced by a recorder here; ConnectorCrashIT shows a real worker halting.
 */
class CrashAfterRemoteCallTest {

  private static final ActionRequest POST =
      new ActionRequest(
          "wf-1/act",
          "wf-1",
          "rec-1",
          "agent",
          "act",
          "http",
          "post",
          Map.of(),
          Attestation.none());

  private final List<Integer> halts = new ArrayList<>();

  private void callWith(Map<String, String> env) {
    CrashAfterRemoteCall.fromEnv(env, halts::add).afterRemoteCall(POST);
  }

  @Test
  void is_inert_when_its_variable_is_unset_or_blank() {
    callWith(Map.of());
    callWith(Map.of(CrashAfterRemoteCall.VARIABLE, "  "));

    assertThat(halts).isEmpty();
  }

  @Test
  void armed_for_another_operation_it_lets_this_one_through() {
    callWith(Map.of(CrashAfterRemoteCall.VARIABLE, "delete"));

    assertThat(halts).isEmpty();
  }

  @Test
  void armed_for_this_operation_it_halts_with_its_own_exit_status() {
    callWith(Map.of(CrashAfterRemoteCall.VARIABLE, " post "));

    assertThat(halts).containsExactly(CrashAfterRemoteCall.EXIT_STATUS);
  }
}
