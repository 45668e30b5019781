package dev.agentfleet.activities.model;

/**
 * Says that a model request cannot be served as configured (an unknown tier, a missing key, a
 * schema that does not compile), so retrying the same request cannot help. {@link
 * ModelActivitiesImpl} turns it into a non-retryable {@code ModelUnavailable} failure.
 */
public class ModelUnavailableException extends RuntimeException {

  /** Creates the exception with a message that says what is wrong and what to set. */
  public ModelUnavailableException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the exception that revealed the problem. */
  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
