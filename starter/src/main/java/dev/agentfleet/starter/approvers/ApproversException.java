package dev.agentfleet.starter.approvers;

/** The approvers file is missing or does not say who may approve; the message says where. */
public class ApproversException extends RuntimeException {

  public ApproversException(String message) {
    super(message);
  }
}
