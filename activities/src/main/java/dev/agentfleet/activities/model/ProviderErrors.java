package dev.agentfleet.activities.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sorts what a model provider threw, for the model steps and the agent turns alike: 408, 429 and
 * 5xx answers, timeouts and I/O errors (resets, bodies that do not parse) are worth retrying; other
 * HTTP answers and LangChain4j's non-retriable errors are not; anything else is unknown.
 */
public final class ProviderErrors {

  /** The longest wait a provider's {@code Retry-After} may impose on one retry. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private ProviderErrors() {}

  /** The HTTP status the provider answered with, when the error carries one. */
  public static Integer statusCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpException http) {
        return http.statusCode();
      }
    }
    return null;
  }

  /** True when a later attempt may succeed, false when it will not, empty when unknown. */
  public static Optional<Boolean> retryable(Throwable e) {
    Integer status = statusCode(e);
    if (status != null) {
      return Optional.of(status == 408 || status == 429 || status >= 500);
    }
    if (hasCause(e, RetriableException.class) || hasCause(e, IOException.class)) {
      return Optional.of(true);
    }
    if (hasCause(e, NonRetriableException.class)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /** The wait the provider asked for with {@code Retry-After}, capped at two minutes. */
  public static Optional<Duration> retryAfter(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetryAfterHttpClient.Refused refused) {
        return refused
            .retryAfter()
            .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
      }
    }
    return Optional.empty();
  }

  /**
   * Names an error for logs and failure messages: its class, the innermost cause's class when it
   * differs (a reset reads as {@code SocketException}, not a bare {@code RuntimeException}) and the
   * HTTP status; never the response body.
   */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    Integer status = statusCode(e);
    return e.getClass().getSimpleName()
        + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")")
        + (status == null ? "" : " (HTTP " + status + ")");
  }

  /**
   * A retryable failure of {@code type}; when the provider said when to come back, the next attempt
   * waits that long instead of the retry policy's backoff.
   */
  public static ApplicationFailure transientFailure(String message, String type, Throwable e) {
    Optional<Duration> wait = retryAfter(e);
    if (wait.isEmpty()) {
      return ApplicationFailure.newFailure(message, type);
    }
    return ApplicationFailure.newFailureWithCauseAndDelay(
        message + " after the " + wait.get().toMillis() + " ms the provider asked for",
        type,
        null,
        wait.get());
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
