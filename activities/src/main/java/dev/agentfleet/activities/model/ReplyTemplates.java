package dev.agentfleet.activities.model;

import java.util.Locale;
import java.util.Map;

/**
 * Reply templates by ticket category for the offline provider. Each reply is filled from the step's
 * context values and ends with a line saying it was drafted offline by a template, so no reader
 * mistakes it for a model's or a person's words.
 */
final class ReplyTemplates {

  /** The last line of every offline draft. */
  static final String OFFLINE_NOTICE =
      "— drafted offline by Agent Fleet (template tier); a person or a connected model can refine"
          + " it.";

  private ReplyTemplates() {}

  /** Maps a free-form category onto one of the template categories. */
  static String category(Object raw) {
    String value = raw == null ? "" : raw.toString().toLowerCase(Locale.ROOT);
    if (value.matches(".*(refund|return|money back|reimburs|cancel).*")) {
      return "refund";
    } else if (value.matches(".*(bill|invoice|charge|payment|subscription|price).*")) {
      return "billing";
    } else if (value.matches(".*(tech|bug|error|crash|outage|broken|login).*")) {
      return "technical";
    } else if (value.matches(".*(account|password|profile|email change|security).*")) {
      return "account";
    } else if (value.matches(".*(ship|deliver|track|parcel|package|courier).*")) {
      return "shipping";
    }
    return "other";
  }

  /** The tone a reply in this category takes. */
  static String tone(String category) {
    return switch (category) {
      case "refund", "billing", "technical" -> "apologetic";
      default -> "friendly";
    };
  }

  /** Drafts the reply for a template category from the context's named values. */
  static String reply(String category, Map<String, Object> context) {
    String customer = text(context, "customer", "customerName", "name");
    String orderId = text(context, "orderId", "order_id", "order");
    String summary = text(context, "summary");
    String forOrder = orderId.isEmpty() ? "" : " for order " + orderId;
    String ofOrder = orderId.isEmpty() ? "" : " of order " + orderId;
    String amount = amount(context);
    String body =
        switch (category) {
          case "refund" ->
              "Thank you for getting in touch about a refund"
                  + forOrder
                  + ". We have your request on record"
                  + (amount.isEmpty() ? "" : " for " + amount)
                  + " and will confirm the refund as soon as it has been reviewed.";
          case "billing" ->
              "Thank you for letting us know about the charge"
                  + forOrder
                  + ". We are checking your billing details and will correct anything that is"
                  + " wrong.";
          case "technical" ->
              "We are sorry for the trouble. We have logged the problem you described and our"
                  + " technical team is looking into it. If you can, please send us the steps that"
                  + " lead to it and any error message you see.";
          case "account" ->
              "Thank you for your message about your account. For your security, we will confirm"
                  + " any change through the contact details we have on file.";
          case "shipping" ->
              "Thank you for asking about the delivery"
                  + ofOrder
                  + ". We are checking the shipment's status with the carrier and will send you"
                  + " an update with the tracking details.";
          default ->
              "Thank you for your message. We have received it and a member of our team will"
                  + " follow up shortly.";
        };
    StringBuilder reply = new StringBuilder();
    reply.append("Hi ").append(customer.isEmpty() ? "there" : customer).append(",\n\n");
    if (!summary.isEmpty()) {
      reply.append("You wrote to us: \"").append(summary).append("\"\n\n");
    }
    reply.append(body).append("\n\n");
    reply.append("Best regards,\nCustomer Support\n\n");
    reply.append(OFFLINE_NOTICE);
    return reply.toString();
  }

  private static String amount(Map<String, Object> context) {
    String amount = text(context, "amount");
    String currency = text(context, "currency");
    return amount.isEmpty() ? "" : (amount + " " + currency).strip();
  }

  static String text(Map<String, Object> context, String... keys) {
    for (String key : keys) {
      Object value = context.get(key);
      if (value != null && !value.toString().isBlank() && !"null".equals(value.toString())) {
        return value.toString().strip();
      }
    }
    return "";
  }
}
