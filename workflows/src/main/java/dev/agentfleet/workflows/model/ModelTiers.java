package dev.agentfleet.workflows.model;

import java.util.List;

/**
 * The model tiers agents name. A tier is a role (cheap and fast, or capable), never a vendor; the
 * worker's model registry maps each to a provider, a model and a price.
 */
public final class ModelTiers {

  /** Classification and extraction; also where a run over its budget is downgraded to. */
  public static final String SMALL = "small";

  /** Planning and drafting. */
  public static final String LARGE = "large";

  /** Every tier, cheapest first. */
  public static final List<String> ALL = List.of(SMALL, LARGE);

  private ModelTiers() {}
}
