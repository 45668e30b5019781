package dev.agentfleet.workflows.playbook;

/**
 * Sends an alert or a summary: a mail through the mailer's {@code notify}, or a webhook POST.
 *
 * @param channel {@code mail} or {@code webhook}
 * @param to the mail recipient, a template
 * @param url the webhook URL; the connector's configured one when absent
 * @param subject a template
 * @param body a template
 * @param onFailure the retry policy and outcome; by default a failed notification is skipped
 */
public record NotifyStep(
    String id,
    String purpose,
    String channel,
    String to,
    String url,
    String subject,
    String body,
    String next,
    FailurePolicy onFailure)
    implements StepDef {

  public static final String MAIL = "mail";
  public static final String WEBHOOK = "webhook";
}
