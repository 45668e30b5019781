package dev.agentfleet.activities.model;

import dev.agentfleet.workflows.model.ModelRequest;
import java.time.Duration;

/**
 * Adds a fixed latency to another provider, so the offline model behaves like a remote one in
 * demos, crash tests and benchmarks ({@code FLEET_MODEL_LATENCY_MS}). The wait happens on the
 * activity's own thread; it is interruptible, so a cancelled or shut-down activity stops waiting.
 */
public final class SimulatedLatencyProvider implements ModelProvider {

  private final ModelProvider delegate;
  private final Duration latency;

  public SimulatedLatencyProvider(ModelProvider delegate, Duration latency) {
    this.delegate = delegate;
    this.latency = latency;
  }

  @Override
  public ProviderResult complete(ModelRequest request) {
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while simulating model latency", e);
    }
    return delegate.complete(request);
  }
}
