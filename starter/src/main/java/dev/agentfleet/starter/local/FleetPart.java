package dev.agentfleet.starter.local;

/** The processes {@code up} starts and {@code down} stops, by the names both print. */
public enum FleetPart {
  ADMIN_PAGE("admin page"),
  WORKER("worker"),
  CHAOS_MODEL_SERVER("chaos model server"),
  TEMPORAL_DEV_SERVER("Temporal dev server"),
  /** A Temporal server on this machine that {@code up} did not start; {@code down} leaves it. */
  EXTERNAL_TEMPORAL("Temporal");

  private final String label;

  FleetPart(String label) {
    this.label = label;
  }

  /** The name printed in the text and in the JSON of {@code up} and {@code down}. */
  public String label() {
    return label;
  }
}
