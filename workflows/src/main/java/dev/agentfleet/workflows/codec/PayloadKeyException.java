package dev.agentfleet.workflows.codec;

/**
 * A payload key or key file that cannot be used: a malformed line, a key of the wrong length, a
 * duplicate id, no key at all. The message names the line and the key id, never the key.
 */
public class PayloadKeyException extends IllegalArgumentException {

  public PayloadKeyException(String message) {
    super(message);
  }
}
