package dev.agentfleet.starter.local;

import dev.agentfleet.chaos.ChaosSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model {@code ./fleet up --model} asks the local worker to use: {@code offline} (today's
 * behaviour: the worker reads {@code FLEET_MODEL_PROVIDER} and the rest from the environment) or
 * {@code chaos} (the fault-injecting OpenAI-compatible server, started next to the worker).
 *
 * @param name {@value #OFFLINE} or {@value #CHAOS}
 * @param chaosSpec the chaos server's spec in its canonical form, when one was given; null for the
 *     default or a server already running
 */
public record LocalModel(String name, String chaosSpec) {

  /** The default: the worker's model settings come from the environment. */
  public static final String OFFLINE = "offline";

  /** The chaos model server. */
  public static final String CHAOS = "chaos";

  /**
   * The chaos spec {@code up --model chaos} uses when neither {@code --chaos} nor FLEET_CHAOS say.
   */
  public static final String DEFAULT_CHAOS_SPEC = "latency=uniform:100ms:800ms,faults=0.1";

  /**
   * Reads the {@code --model} and {@code --chaos} options.
   *
   * @param model the option's value; null when not given
   * @param chaosSpec the chaos spec; null when not given
   * @return the choice, or empty when neither option was given (keep what runs)
   * @throws IllegalArgumentException naming the option and what it expects
   */
  public static Optional<LocalModel> fromOptions(String model, String chaosSpec) {
    if (model == null && chaosSpec == null) {
      return Optional.empty();
    }
    String name = model == null ? "" : model.trim().toLowerCase(Locale.ROOT);
    if (chaosSpec != null && !name.equals(CHAOS)) {
      throw new IllegalArgumentException(
          "--chaos SPEC needs --model chaos (got --model "
              + (model == null ? "unset" : model)
              + ")");
    }
    return switch (name) {
      case OFFLINE -> Optional.of(new LocalModel(OFFLINE, null));
      case CHAOS -> {
        try {
          yield Optional.of(
              new LocalModel(
                  CHAOS, chaosSpec == null ? null : ChaosSettings.parse(chaosSpec).spec()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--chaos: " + e.getMessage(), e);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "--model must be " + OFFLINE + " or " + CHAOS + ", got '" + model + "'");
    };
  }

  /** True for the chaos model server. */
  public boolean chaos() {
    return CHAOS.equals(name);
  }

  /**
   * The spec to start a chaos server with: the one given, else {@code FLEET_CHAOS}, else {@link
   * #DEFAULT_CHAOS_SPEC}, in canonical form.
   *
   * @throws IllegalArgumentException when {@code FLEET_CHAOS} is not a valid spec, naming it
   */
  public String specToStart(Map<String, String> env) {
    if (chaosSpec != null) {
      return chaosSpec;
    }
    String configured = env.get("FLEET_CHAOS");
    if (configured == null || configured.isBlank()) {
      return ChaosSettings.parse(DEFAULT_CHAOS_SPEC).spec();
    }
    try {
      return ChaosSettings.parse(configured).spec();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("FLEET_CHAOS: " + e.getMessage(), e);
    }
  }

  /**
   * What a worker records as its model when it starts with this choice: {@code chaos}, or the
   * provider the environment names ({@code offline} by default, {@code openai} for a real LLM).
   */
  public String workerModel(Map<String, String> env) {
    if (chaos()) {
      return CHAOS;
    }
    String provider = env.get("FLEET_MODEL_PROVIDER");
    return provider == null || provider.isBlank()
        ? OFFLINE
        : provider.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Why a worker already running on {@code runningModel} cannot serve this choice, as a message
   * that says what to do; empty when it can.
   */
  public Optional<String> conflictWith(String runningModel, long pid) {
    boolean runsChaos = CHAOS.equals(runningModel);
    if (chaos() == runsChaos) {
      return Optional.empty();
    }
    return Optional.of(
        "a worker is already running (pid "
            + pid
            + ") on the "
            + runningModel
            + " model; ./fleet down must come first to switch it to the "
            + name
            + " model: run ./fleet down, then ./fleet up --model "
            + name
            + (chaosSpec == null ? "" : " --chaos '" + chaosSpec + "'"));
  }
}
