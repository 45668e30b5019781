package dev.agentfleet.worker.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.worker.FleetWorker;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The worker's logback.xml with {@code FLEET_LOG_FORMAT=json}: one JSON object per line, carrying
 * the SDK's workflow id and run id and the fleet's agent and step.
 */
class JsonLogLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream stdout = System.out;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void logJsonToABuffer() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setProperty("FLEET_LOG_FORMAT", "json");
    configureLogback();
  }

  @AfterEach
  void restore() {
    if (env != null) {
      env.close();
    }
    System.clearProperty("FLEET_LOG_FORMAT");
    System.setOut(stdout);
    configureLogback();
  }

  @Test
  void an_activity_line_carries_workflow_id_run_id_agent_and_step() throws IOException {
    // given a worker with the fleet's interceptors (tracing off)
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(FleetWorker.factoryOptions(List.of()))
                .build());
    Worker worker = env.newWorker("probe");
    worker.registerWorkflowImplementationTypes(ProbeWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new ProbeWorkflow.Activities());
    env.start();

    // when a run's activity logs
    env.getWorkflowClient()
        .newWorkflowStub(
            ProbeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("support-triage/T-7")
                .setTaskQueue("probe")
                .build())
        .run("support-triage");

    // then its line is JSON with the run's ids, the agent and the step
    JsonNode activity = line("probe activity acting");
    assertThat(activity.path("level").asText()).isEqualTo("INFO");
    assertThat(activity.path("WorkflowId").asText()).isEqualTo("support-triage/T-7");
    assertThat(activity.path("RunId").asText()).isNotBlank();
    assertThat(activity.path("ActivityType").asText()).isEqualTo("Act");
    assertThat(activity.path("Agent").asText()).isEqualTo("support-triage");
    assertThat(activity.path("Step").asText()).isEqualTo("notify");
    // and the workflow's own line has the run's ids too
    JsonNode workflow = line("probe workflow running");
    assertThat(workflow.path("WorkflowId").asText()).isEqualTo("support-triage/T-7");
    assertThat(workflow.path("RunId").asText()).isEqualTo(activity.path("RunId").asText());
    // and after the activity the step is gone from the thread's context
    assertThat(org.slf4j.MDC.get(LogContextInterceptor.STEP)).isNull();
  }

  /** The JSON line whose message is {@code message}. */
  private JsonNode line(String message) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String text : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (text.startsWith("{")) {
        lines.add(json.readTree(text));
      }
    }
    return lines.stream()
        .filter(n -> message.equals(n.path("message").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + message + "' in " + lines));
  }

  private static void configureLogback() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(JsonLogLineTest.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
