package dev.agentfleet.bench.result;

/** How a figure (or a whole benchmark) stands against its target. */
public enum Verdict {
  /** The target is met. */
  PASS("PASS"),
  /** The target is missed by no more than the stated noise margin: reported, not failed. */
  NEAR("MISS (within noise)"),
  /** The target is missed by more than the noise margin: the benchmark exits non-zero. */
  MISS("MISS"),
  /** The benchmark could not measure the figure at all. */
  ERROR("ERROR");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The worse of two verdicts (ERROR over MISS over NEAR over PASS). */
  public Verdict worse(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Whether the benchmark's exit code says it failed. */
  public boolean failing() {
    return this == MISS || this == ERROR;
  }
}
