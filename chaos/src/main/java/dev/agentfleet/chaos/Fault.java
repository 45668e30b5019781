package dev.agentfleet.chaos;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A fault the chaos model server injects into a chat completion, with its key in the spec ({@code
 * 429=0.05}). Each answers the way real endpoints fail: the transport and status faults test the
 * caller's retries, the content faults test its contracts.
 */
public enum Fault {

  /** HTTP 429 with a {@code Retry-After} header and an OpenAI-style rate-limit error body. */
  THROTTLED_429("429"),

  /** HTTP 500 with an OpenAI-style server error body. */
  ERROR_500("500"),

  /** HTTP 503 with an OpenAI-style overloaded error body. */
  UNAVAILABLE_503("503"),

  /** The connection is reset (a TCP RST) after the request was read, before any answer. */
  RESET("reset"),

  /** No answer: the connection hangs for the configured time, then closes. */
  TIMEOUT("timeout"),

  /** HTTP 200 whose body is not parseable JSON (cut short, an HTML page, a stray stream frame). */
  MALFORMED("malformed"),

  /**
   * HTTP 200 with a well-formed completion whose content is a JSON object that breaks the step's
   * output schema: a required field missing or a value outside its enum.
   */
  CONTRACT("contract"),

  /** HTTP 200 with a tool call naming a tool that is not among the request's {@code tools}. */
  DISALLOWED_TOOL("tool");

  private final String key;

  Fault(String key) {
    this.key = key;
  }

  /** The fault's key in the spec: {@code 429}, {@code 500}, {@code reset}, {@code tool}, .... */
  public String key() {
    return key;
  }

  /** The fault a spec key names, if any (case-insensitive). */
  public static Optional<Fault> byKey(String key) {
    String wanted = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.key.equals(wanted)).findFirst();
  }

  /** Every key, comma-separated, for messages. */
  static String keys() {
    return Arrays.stream(values()).map(Fault::key).collect(Collectors.joining(", "));
  }
}
