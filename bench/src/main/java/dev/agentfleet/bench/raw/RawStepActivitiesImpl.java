package dev.agentfleet.bench.raw;

/** The no-op activity. */
public final class RawStepActivitiesImpl implements RawStepActivities {

  @Override
  public String step(String note, int index) {
    return "step " + index;
  }
}
