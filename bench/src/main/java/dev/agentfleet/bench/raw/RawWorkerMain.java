package dev.agentfleet.bench.raw;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The raw chain's worker, a JVM of its own as the fleet's worker is: plain SDK code with the fleet
 * worker's tuning (the same variables and defaults: sticky cache {@code FLEET_WORKFLOW_CACHE} 2000
 * with three workflow threads per cached run, all virtual; {@code FLEET_WORKFLOW_POLLERS} 16
 * workflow-task polls; the model queues' {@code FLEET_MODEL_SLOTS} 1000 activity slots on virtual
 * threads and {@code FLEET_MODEL_POLLERS} 8 activity polls), so the two sides differ in what runs,
 * not in how the worker is set up. Connects to {@code TEMPORAL_ADDRESS}; stops on SIGTERM.
 */
public final class RawWorkerMain {

  /** The task queue of the raw chain (never the fleet's). */
  public static final String TASK_QUEUE = "bench-raw-chain";

  private RawWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    String address = env.get("TEMPORAL_ADDRESS");
    if (address == null || address.isBlank()) {
      System.err.println("raw worker: TEMPORAL_ADDRESS must name the dev server (host:port)");
      System.exit(2);
    }
    int cache = setting(env, "FLEET_WORKFLOW_CACHE", 2000);
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getOrDefault("TEMPORAL_NAMESPACE", "default"))
                .build());
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkflowCacheSize(cache)
                .setMaxWorkflowThreadCount(3 * cache)
                .setUsingVirtualWorkflowThreads(true)
                .build());
    Worker worker =
        factory.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentWorkflowTaskPollers(setting(env, "FLEET_WORKFLOW_POLLERS", 16))
                .setMaxConcurrentActivityExecutionSize(setting(env, "FLEET_MODEL_SLOTS", 1000))
                .setMaxConcurrentActivityTaskPollers(setting(env, "FLEET_MODEL_POLLERS", 8))
                .setUsingVirtualThreads(true)
                .build());
    worker.registerWorkflowImplementationTypes(RawChainWorkflowImpl.class);
    worker.registerActivitiesImplementations(new RawStepActivitiesImpl());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  factory.shutdown();
                  factory.awaitTermination(10, TimeUnit.SECONDS);
                  service.shutdown();
                  stopped.countDown();
                },
                "raw-worker-stop"));
    factory.start();
    System.out.println("raw worker polling " + TASK_QUEUE + " at " + address);
    stopped.await();
  }

  static int setting(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed < 1) {
        throw new IllegalArgumentException(name + " must be 1 or more, got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
