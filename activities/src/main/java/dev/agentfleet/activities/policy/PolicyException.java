package dev.agentfleet.activities.policy;

/** A money configuration file the workers cannot use: the message names the file and the field. */
public final class PolicyException extends RuntimeException {

  public PolicyException(String message) {
    super(message);
  }
}
