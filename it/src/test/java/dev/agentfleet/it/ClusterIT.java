package dev.agentfleet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production topology, for real: {@code ./fleet cluster up --workers 2} (PostgreSQL, the four
 * Temporal services as separate processes, two workers, the admin page, all on free ports), the
 * example tickets through the CLI, {@code cluster status --json} field by field, then a batch of
 * 1,000 during which one worker and the history service are killed with SIGKILL and started again
 * by {@code cluster up}: every record ends as one run with the status the same ticket had before,
 * no effect is in the ledger or a sandbox twice, the audit chain verifies, and {@code cluster down}
 * leaves no process behind.
 */
class ClusterIT extends FleetItBase {

  private static final int RECORDS = 1_000;
  private static final Set<Integer> DEFAULT_PORTS = Set.of(7233, 8233, 7070, 9464, 8089, 5432);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void up() throws Exception {
    // Open to other users: as root the cluster's PostgreSQL runs as the postgres user, who must
    // reach its data folder inside.
    home =
        Files.createTempDirectory(
            "fleet-it-cluster",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    cluster = LocalClusterFixture.up(home, 2);
    cli = new Cli(cluster.temporalAddress(), home).withEnv("FLEET_LEDGER_URL", cluster.ledgerUrl());
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  @Test
  void the_cluster_runs_the_fleet_and_survives_a_killed_worker_and_history_service()
      throws Exception {
    JsonNode status = cluster.status();
    assertStatusFieldByField(status);

    // The example tickets through the CLI: what each ends as is what the same ticket must end as
    // later, under kill -9.
    Map<String, String> expectedBySubject = exampleOutcomes();

    // A batch of 1,000, with a worker and the history service killed mid-way.
    Path input = home.resolve("tickets-1000.jsonl");
    Map<String, String> expected = writeRecords(input, expectedBySubject);
    CompletableFuture<Cli.Result> batch =
        CompletableFuture.supplyAsync(
            () -> cli.run("batch", "support-triage", "--input", input.toString(), "--json"));
    Await.until(
        "the batch's first hundred effects in the ledger",
        Duration.ofMinutes(5),
        () -> completedActions(),
        done -> done >= 100 || batch.isDone());
    assertThat(batch).as("the batch was still running when the parts were killed").isNotDone();
    long workerPid = status.path("workers").get(0).path("pid").asLong();
    long historyPid = service(status, "history").path("pid").asLong();
    kill9(workerPid);
    kill9(historyPid);
    JsonNode degraded = cluster.status();
    assertThat(service(degraded, "history").path("running").asBoolean()).isFalse();
    assertThat(degraded.path("workers").get(0).path("pid").isNull()).isTrue();
    assertThat(degraded.path("workers").get(1).path("running").asBoolean()).isTrue();

    Cli.Result restarted = cluster.run("cluster", "up", "--workers", "2", "--json");
    assertThat(restarted.exit()).as(restarted.err()).isZero();
    JsonNode healed = restarted.json();
    assertThat(service(healed, "history").path("port").asInt())
        .as("history comes back on its port")
        .isEqualTo(service(status, "history").path("port").asInt());
    assertThat(service(healed, "history").path("pid").asLong()).isNotEqualTo(historyPid);
    assertThat(healed.path("workers").get(0).path("pid").asLong()).isNotEqualTo(workerPid);
    assertThat(healed.path("workers").get(1).path("pid").asLong())
        .as("the worker that was not killed keeps running")
        .isEqualTo(status.path("workers").get(1).path("pid").asLong());
    assertThat(restarted.err()).contains("Temporal matching already running");

    Cli.Result report = batch.get(20, TimeUnit.MINUTES);
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.json().path("records").asInt()).isEqualTo(RECORDS);
    assertThat(report.json().path("pending").asInt()).isZero();
    assertThat(report.json().path("running").asInt()).isZero();

    // Every record is one run, with the status the same ticket had without faults.
    JsonNode runs =
        cli.run("runs", "--agent", "support-triage", "--limit", "5000", "--json").json();
    Map<String, String> actual = new HashMap<>();
    List<String> twice = new ArrayList<>();
    for (JsonNode run : runs) {
      String id = run.path("recordId").asText();
      if (actual.put(id, run.path("status").asText()) != null) {
        twice.add(id);
      }
    }
    assertThat(twice).as("records with more than one run").isEmpty();
    Map<String, String> batchOutcomes = new HashMap<>(actual);
    batchOutcomes.keySet().retainAll(expected.keySet());
    assertThat(batchOutcomes).isEqualTo(expected);

    // Nothing done twice, nothing claimed and left, on PostgreSQL.
    assertNoActionTwiceOrLeftClaimed();
    for (String table : List.of("sandbox_payments", "sandbox_mail")) {
      assertThat(
              ledgerRows(
                  "SELECT idempotency_key, COUNT(*) FROM "
                      + table
                      + " GROUP BY idempotency_key HAVING COUNT(*) > 1"))
          .as(table + " keys used twice")
          .isEmpty();
    }
    DemoEndToEndIT.assertNoDuplicateEffects();
    DemoEndToEndIT.assertNoRefundAboveLimitWithoutHuman();

    Cli.Result audit = cli.run("audit", "verify", "--json");
    assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.json().path("intact").asBoolean()).isTrue();

    // down stops every process the cluster ran, and leaves none.
    List<Long> pids = pids(cluster.status());
    assertThat(pids).hasSize(4 + 2 + 1 + 1);
    Cli.Result down = cluster.run("cluster", "down", "--json");
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(down.json().path("stopped")).hasSize(8);
    cluster = null;
    for (long pid : pids) {
      assertThat(runs(pid)).as("process " + pid + " runs after cluster down").isFalse();
    }
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> runs(p.pid()))
                .filter(
                    p ->
                        p.info()
                            .arguments()
                            .map(a -> String.join(" ", a).contains(home.toString()))
                            .orElse(false)))
        .as("processes still naming the fleet home")
        .isEmpty();
  }

  private static void assertStatusFieldByField(JsonNode status) throws Exception {
    Set<Integer> ports = new HashSet<>();
    JsonNode services = status.path("services");
    List<String> names = new ArrayList<>();
    services.forEach(s -> names.add(s.path("name").asText()));
    assertThat(names).containsExactly("history", "matching", "frontend", "worker");
    for (JsonNode service : services) {
      assertThat(service.path("running").asBoolean()).as(service.toString()).isTrue();
      assertRunning(service.path("pid").asLong(), "temporal-server");
      ports.add(service.path("port").asInt());
      ports.add(service.path("metricsPort").asInt());
      assertThat(get("http://127.0.0.1:" + service.path("metricsPort").asInt() + "/metrics"))
          .as("the " + service.path("name").asText() + " service's metrics")
          .contains("# TYPE");
    }
    assertThat(status.path("temporalAddress").asText())
        .isEqualTo("127.0.0.1:" + service(status, "frontend").path("port").asInt());
    assertThat(status.path("namespace").asText()).isEqualTo("default");
    assertThat(status.path("topology").asText()).isEqualTo("split");
    JsonNode postgres = status.path("postgres");
    assertThat(postgres.path("running").asBoolean()).isTrue();
    assertRunning(postgres.path("pid").asLong(), "postgres");
    ports.add(postgres.path("port").asInt());
    assertThat(status.path("ledgerUrl").asText())
        .startsWith("jdbc:postgresql://127.0.0.1:" + postgres.path("port").asInt() + "/fleet?");
    assertThat(status.path("workers")).hasSize(2);
    for (JsonNode worker : status.path("workers")) {
      assertThat(worker.path("running").asBoolean()).isTrue();
      assertRunning(worker.path("pid").asLong(), "java");
      ports.add(worker.path("metricsPort").asInt());
      assertThat(get("http://127.0.0.1:" + worker.path("metricsPort").asInt() + "/metrics"))
          .as("a worker's metrics")
          .contains("fleet_");
    }
    JsonNode admin = status.path("admin");
    assertThat(admin.path("running").asBoolean()).isTrue();
    assertRunning(admin.path("pid").asLong(), "java");
    assertThat(admin.path("url").asText()).isEqualTo("http://localhost:" + admin.path("port"));
    assertThat(get(admin.path("url").asText() + "/healthz")).isNotNull();
    ports.add(admin.path("port").asInt());
    assertThat(ports).as("every part has its own port").hasSize(4 * 2 + 1 + 2 + 1);
    assertThat(ports).doesNotContainAnyElementsOf(DEFAULT_PORTS);
    assertThat(status.path("logs").asText()).isEqualTo(home.resolve("cluster/logs").toString());
    assertThat(Files.exists(home.resolve("cluster/logs/temporal-history.log"))).isTrue();
  }

  /** Runs the example tickets and returns what each ended as, by subject. */
  private static Map<String, String> exampleOutcomes() {
    Cli.Result run =
        cli.run(
            "run",
            "support-triage",
            "--input",
            example("tickets.jsonl").toString(),
            "--wait",
            "--json");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    JsonNode runs = awaitSettled(34, Duration.ofMinutes(5));
    assertThat(statuses(runs)).contains("closed", "completed", "waiting-approval");
    Map<String, String> statusById = new HashMap<>();
    runs.forEach(r -> statusById.put(r.path("recordId").asText(), r.path("status").asText()));
    Map<String, String> bySubject = new HashMap<>();
    try {
      for (String line : Files.readAllLines(example("tickets.jsonl"), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          JsonNode ticket = JSON.readTree(line);
          bySubject.put(line, statusById.get(ticket.path("id").asText()));
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return bySubject;
  }

  /**
   * {@code RECORDS} tickets, the examples over and over under new ids (and a sender of their own
   * each, the same domain); returns the status each must end as: the one its example ended as.
   */
  private static Map<String, String> writeRecords(Path file, Map<String, String> outcomes)
      throws Exception {
    List<String> examples = new ArrayList<>(outcomes.keySet());
    examples.sort(null);
    List<String> lines = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      String example = examples.get(i % examples.size());
      ObjectNode ticket = (ObjectNode) JSON.readTree(example);
      String id = String.format("CL-%04d", i + 1);
      ticket.put("id", id);
      ticket.put("from", "c" + (i + 1) + "." + ticket.path("from").asText());
      lines.add(JSON.writeValueAsString(ticket));
      expected.put(id, outcomes.get(example));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return expected;
  }

  private static int completedActions() {
    try {
      return Integer.parseInt(
          ledgerRows("SELECT COUNT(*) FROM ledger_actions WHERE status = 'completed'")
              .get(0)
              .get(0));
    } catch (Exception notYet) {
      return 0;
    }
  }

  private static JsonNode service(JsonNode status, String name) {
    for (JsonNode service : status.path("services")) {
      if (service.path("name").asText().equals(name)) {
        return service;
      }
    }
    throw new AssertionError("no service " + name + " in " + status);
  }

  private static void assertRunning(long pid, String program) {
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
        .as("process " + pid)
        .hasValueSatisfying(p -> assertThat(p.info().command().orElse(program)).contains(program));
  }

  private static void kill9(long pid) {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    assertThat(process.destroyForcibly()).as("SIGKILL to " + pid).isTrue();
    Await.until("process " + pid + " to end", Duration.ofSeconds(60), () -> runs(pid), r -> !r);
  }

  /**
   * Whether the process runs: exists and is not a zombie (a killed process whose parent, the CLI,
   * is gone waits for the machine's first process to reap it).
   */
  private static boolean runs(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private static List<Long> pids(JsonNode status) {
    List<Long> pids = new ArrayList<>();
    status.path("services").forEach(s -> pids.add(s.path("pid").asLong()));
    status.path("workers").forEach(w -> pids.add(w.path("pid").asLong()));
    pids.add(status.path("admin").path("pid").asLong());
    pids.add(status.path("postgres").path("pid").asLong());
    pids.removeIf(pid -> pid == 0);
    return pids;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }
}
