package dev.agentfleet.chaos;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat completion request as the chaos server reads it: the messages' text, the offered tools,
 * and what the fleet's prompts carry inside them (the output's JSON Schema in the system message,
 * the step's context as JSON in the first user message).
 *
 * @param model the model the client asked for, echoed in the answer
 * @param messages every message's role and text (parts joined; empty for tool-call turns)
 * @param toolNames the names of the functions in {@code tools}: the only tools a call may name
 */
record ChatCall(String model, List<Message> messages, List<String> toolNames) {

  /** One message: its role and its text. */
  record Message(String role, String text) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA_MARKER = "JSON Schema:";
  private static final String CONTEXT_MARKER = "Context (JSON):";

  ChatCall {
    messages = List.copyOf(messages);
    toolNames = List.copyOf(toolNames);
  }

  /**
   * Reads a request body.
   *
   * @throws IllegalArgumentException naming the field when it is not a chat completion request
   */
  static ChatCall from(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("the request body must be a JSON object");
    }
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    List<Message> read = new ArrayList<>();
    for (JsonNode message : messages) {
      read.add(new Message(message.path("role").asText(""), text(message.path("content"))));
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      String name = tool.path("function").path("name").asText("");
      if (!name.isEmpty()) {
        tools.add(name);
      }
    }
    String model = body.path("model").asText("");
    return new ChatCall(model.isBlank() ? "chaos" : model, read, tools);
  }

  /** True for an agent turn: the request offers tools. */
  boolean offersTools() {
    return !toolNames.isEmpty();
  }

  /** The JSON Schema the answer must satisfy, from the last system message that states one. */
  Optional<JsonNode> schema() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role().equals("system") || m.role().equals("developer")) {
        Optional<JsonNode> schema = jsonAfter(m.text(), SCHEMA_MARKER, true);
        if (schema.isPresent()) {
          return schema;
        }
      }
    }
    return Optional.empty();
  }

  /** The step's context from the first user message, or a missing node. */
  JsonNode context() {
    return firstUserText()
        .flatMap(text -> jsonAfter(text, CONTEXT_MARKER, false))
        .orElse(MissingNode.getInstance());
  }

  /**
   * What identifies the request for the answer's choices: model, system messages, the first user
   * message and the tools. Repair turns add messages after these, so they get the same answer.
   */
  String fingerprint() {
    StringBuilder print = new StringBuilder(model).append('\n');
    messages.stream()
        .filter(m -> m.role().equals("system") || m.role().equals("developer"))
        .forEach(m -> print.append(m.text()).append('\n'));
    firstUserText().ifPresent(text -> print.append(text).append('\n'));
    toolNames.forEach(name -> print.append(name).append('\n'));
    return print.toString();
  }

  /** The prompt's size in estimated tokens (four characters a token), for {@code usage}. */
  long promptTokens() {
    long chars = 0;
    for (Message m : messages) {
      chars += m.text().length() + m.role().length();
    }
    for (String tool : toolNames) {
      chars += tool.length() + 40;
    }
    return Math.max(1, (chars + 3) / 4);
  }

  private Optional<String> firstUserText() {
    return messages.stream().filter(m -> m.role().equals("user")).map(Message::text).findFirst();
  }

  /** The first JSON object after the last (or first) occurrence of a marker in a text. */
  private static Optional<JsonNode> jsonAfter(String text, String marker, boolean last) {
    int at = last ? text.lastIndexOf(marker) : text.indexOf(marker);
    if (at < 0) {
      return Optional.empty();
    }
    int open = text.indexOf('{', at + marker.length());
    if (open < 0) {
      return Optional.empty();
    }
    try (JsonParser parser = JSON.getFactory().createParser(text.substring(open))) {
      JsonNode node = JSON.readTree(parser);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          joined.append(part.path("text").asText());
        }
      }
      return joined.toString();
    }
    return "";
  }
}
