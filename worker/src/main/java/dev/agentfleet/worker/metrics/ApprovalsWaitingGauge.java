package dev.agentfleet.worker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleet_approvals_waiting}: how many runs wait for a human now, counted from Temporal
 * visibility every few seconds, so the figure is the same whichever worker reports it.
 */
public final class ApprovalsWaitingGauge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApprovalsWaitingGauge.class);
  private static final String QUERY = "FleetNeedsApproval = true AND ExecutionStatus = 'Running'";

  private final AtomicLong waiting = new AtomicLong();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleet-approvals-gauge");
            t.setDaemon(true);
            return t;
          });

  public ApprovalsWaitingGauge(WorkflowClient client, MeterRegistry registry) {
    Gauge.builder("fleet_approvals_waiting", waiting, AtomicLong::get)
        .description("Runs waiting for a human decision")
        .register(registry);
    timer.scheduleWithFixedDelay(() -> refresh(client), 0, 10, TimeUnit.SECONDS);
  }

  private void refresh(WorkflowClient client) {
    try {
      waiting.set(client.countWorkflows(QUERY).getCount());
    } catch (RuntimeException e) {
      log.debug("approvals gauge not refreshed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
