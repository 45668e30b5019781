package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.workflows.audit.AuditAnchorWorkflow;
import dev.agentfleet.workflows.audit.AuditHead;
import dev.agentfleet.workflows.run.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding "deleting the tail of the audit log is not detected without a previously saved
 * anchor file": on a real dev server, the worker's anchor workflow records the chain head in
 * Temporal; after the last entries are deleted from the SQLite ledger, {@code audit verify} (which
 * has never run, so there is no anchor file) exits 4 and names the missing range.
 */
class AuditTailCutIT extends FleetItBase {

  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;

  @BeforeAll
  static void up() throws Exception {
    startFleet("tailcut");
    worker =
        new WorkerJvm(home, server.address()).withEnv("FLEET_AUDIT_ANCHOR_SECONDS", "1").start();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  @AfterAll
  static void down() throws Exception {
    if (stubs != null) {
      stubs.shutdown();
    }
    stopFleet();
  }

  @Test
  void tail_cut_is_found_against_the_temporal_anchor_without_an_anchor_file() throws Exception {
    // given: three tickets have run and written their audit entries
    Path input = home.resolve("three-tickets.jsonl");
    List<String> lines = Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8);
    Files.write(input, lines.subList(0, 3), StandardCharsets.UTF_8);
    ok(cli.run("run", "support-triage", "--input", input.toString()));
    awaitSettled(3, Duration.ofMinutes(2));

    // and: the anchor workflow has recorded the log's last entry in Temporal, once the runs have
    // written all of theirs (a settled run may still be flushing its audit entries on a busy
    // machine, so the last entry is the one that stays last for a few anchor periods)
    AuditAnchorWorkflow anchor =
        client.newWorkflowStub(
            AuditAnchorWorkflow.class, AuditAnchorWorkflow.workflowId(TaskQueues.AGENTS));
    StableHead stable = new StableHead();
    Await.until(
        "the anchor workflow to anchor the audit log's last entry",
        Duration.ofMinutes(1),
        () -> stable.observe(maxSeq(), anchor.anchored()),
        StableHead::anchoredAndQuiet);
    long lastSeq = stable.seq;
    assertThat(lastSeq).isGreaterThan(5);
    Path anchorFile = home.resolve("audit.anchor");
    assertThat(anchorFile).doesNotExist();

    // when: the last three entries are deleted from the ledger file
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("ledger.db"));
        Statement s = db.createStatement()) {
      assertThat(s.executeUpdate("DELETE FROM audit_log WHERE seq > " + (lastSeq - 3)))
          .isEqualTo(3);
    }
    long remaining = Long.parseLong(ledgerRows("SELECT MAX(seq) FROM audit_log").get(0).get(0));

    // then: verify, with no anchor file, finds the cut and names the missing range
    Cli.Result broken = cli.run("audit", "verify", "--json");
    assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(4);
    JsonNode firstBroken = broken.json().path("firstBroken");
    assertThat(firstBroken.path("problem").asText()).isEqualTo("missing seq");
    assertThat(firstBroken.path("seq").asLong()).isEqualTo(lastSeq);
    assertThat(firstBroken.path("explanation").asText())
        .contains("the Temporal anchor (workflow audit-anchor/agent-fleet)")
        .contains("entries after seq=" + remaining + " up to seq=" + lastSeq);
    assertThat(anchorFile).as("a broken chain is never anchored").doesNotExist();

    Cli.Result text = cli.run("audit", "verify");
    assertThat(text.exit()).isEqualTo(4);
    assertThat(text.out()).contains("audit log BROKEN at entry seq=" + lastSeq);

    // and: later heads, read after the cut, never replace the anchor that proves it
    Await.until(
        "the anchor workflow to see the cut",
        Duration.ofSeconds(30),
        () -> recordedProblems(),
        problems -> problems > 0);
    assertThat(anchor.anchored().lastSeq()).isEqualTo(lastSeq);
    assertThat(cli.run("audit", "verify").exit()).isEqualTo(4);

    // the offline check alone cannot see it: that is what the Temporal anchor adds
    Cli.Result offline = cli.run("audit", "verify", "--offline");
    assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();

    Path recorded = Path.of("target", "audit-anchor-history.json");
    Files.writeString(
        recorded,
        client.fetchHistory(AuditAnchorWorkflow.workflowId(TaskQueues.AGENTS)).toJson(true));
  }

  private static long recordedProblems() {
    return dev.agentfleet.workflows.audit.AuditAnchorHistory.read(
            client.fetchHistory(AuditAnchorWorkflow.workflowId(TaskQueues.AGENTS)).getEvents(),
            client.getOptions().getDataConverter())
        .heads()
        .stream()
        .map(AuditHead::problem)
        .filter(p -> p != null)
        .count();
  }

  private static long maxSeq() {
    try {
      return Long.parseLong(ledgerRows("SELECT MAX(seq) FROM audit_log").get(0).get(0));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The audit log's last seq, since when it is last, and whether the anchor holds it. */
  private static final class StableHead {
    private long seq = -1;
    private long since;
    private boolean anchored;

    StableHead observe(long maxSeq, AuditHead head) {
      if (maxSeq != seq) {
        seq = maxSeq;
        since = System.nanoTime();
      }
      anchored = head != null && head.lastSeq() == seq;
      return this;
    }

    /** Anchored, and no entry was added for three anchor periods (1 s each here). */
    boolean anchoredAndQuiet() {
      return anchored && System.nanoTime() - since >= Duration.ofSeconds(3).toNanos();
    }

    @Override
    public String toString() {
      return "last seq " + seq + (anchored ? ", anchored" : ", not anchored yet");
    }
  }
}
