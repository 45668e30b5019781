package dev.agentfleet.workflows.playbook;

/**
 * Where an alert goes.
 *
 * @param channel {@code mail} (the mailer's notify) or {@code webhook} (the webhook connector)
 * @param to the mail recipient, a template
 * @param url the webhook URL; the connector's configured one when absent
 * @param stop true when the run ends failed after alerting; false continues at the step's next
 */
public record AlertSpec(String channel, String to, String url, Boolean stop) {

  public boolean stops() {
    return Boolean.TRUE.equals(stop);
  }
}
