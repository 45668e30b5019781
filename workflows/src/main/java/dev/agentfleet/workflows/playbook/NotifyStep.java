package dev.agentfleet.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Sends an alert or a summary: a mail through the mailer's {@code notify}, or a webhook POST.
 *
 * @param channel {@code mail} or {@code webhook}
 * @param to the mail recipient, a template
 * @param url the webhook URL; the connector's configured one when absent
 * @param subject a template
 * @param body a template
 * @param onFailure the retry policy and outcome; by default a failed notification is skipped
 * @param execution only {@code activity} (the default): a notification sends, an effect a local
 *     activity might repeat
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
    FailurePolicy onFailure,
    @JsonInclude(JsonInclude.Include.NON_NULL) Execution execution)
    implements StepDef {

  public static final String MAIL = "mail";
  public static final String WEBHOOK = "webhook";
}
