package dev.agentfleet.activities.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentfleet.workflows.model.Example;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers model requests with a LangChain4j chat model, by default {@link OpenAiChatModel} against
 * any OpenAI-compatible endpoint. It states the task, the labels and the JSON Schema in a system
 * message, parses the reply as one JSON object, and while the reply breaks the contract sends the
 * reply back with its violations, at most {@code maxRepairs} times. Tokens come from the responses'
 * usage and cost from the tier's price. The HTTP client does not retry; Temporal's retry policy
 * does.
 */
public final class OpenAiModelProvider implements ModelProvider {

  /** The provider name in every response. */
  public static final String NAME = "openai";

  /** The most repair turns one call may take, whatever the step asks, to bound the cost. */
  static final int MAX_REPAIRS = 5;

  private static final int MAX_EXAMPLES_IN_PROMPT = 30;
  private static final Pattern FENCED =
      Pattern.compile("^```[a-zA-Z]*\\s*(.*?)\\s*```$", Pattern.DOTALL);

  private final ModelConfig config;
  private final Function<String, ChatModel> chatModels;
  private final ContractValidator validator;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Creates the provider over chat models chosen by tier, so tests can script the model.
   *
   * @param chatModels returns the chat model for a tier ({@code small} or {@code large})
   */
  public OpenAiModelProvider(
      ModelConfig config, Function<String, ChatModel> chatModels, ContractValidator validator) {
    this.config = config;
    this.chatModels = chatModels;
    this.validator = validator;
  }

  /** Creates the provider with one {@link OpenAiChatModel} per tier, built on first use. */
  public static OpenAiModelProvider fromConfig(ModelConfig config, ContractValidator validator) {
    Map<String, ChatModel> byTier = new ConcurrentHashMap<>();
    return new OpenAiModelProvider(
        config, tier -> byTier.computeIfAbsent(tier, t -> openAiChatModel(config, t)), validator);
  }

  /**
   * Builds the OpenAI chat model for a tier, without retries (Temporal retries) and with the
   * configured timeout, over a transport that keeps a throttled answer's {@code Retry-After}.
   */
  public static ChatModel openAiChatModel(ModelConfig config, String tier) {
    return OpenAiChatModel.builder()
        .baseUrl(config.openAiBaseUrl())
        .apiKey(config.openAiApiKey() == null ? "not-needed" : config.openAiApiKey())
        .modelName(config.modelFor(tier))
        .timeout(config.timeout())
        .httpClientBuilder(new RetryAfterHttpClient.Builder())
        .maxRetries(0)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  @Override
  public ProviderResult complete(ModelRequest request) {
    String tier = request.tier().trim().toLowerCase(Locale.ROOT);
    String answeredBy = config.modelFor(tier);
    ModelConfig.Price price = config.priceFor(tier);
    ChatModel chat = chatModels.apply(tier);
    int maxRepairs = Math.max(0, Math.min(MAX_REPAIRS, request.maxRepairs()));
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(SystemMessage.from(systemPrompt(request)));
    messages.add(UserMessage.from(userPrompt(request)));
    long inputTokens = 0;
    long outputTokens = 0;
    int repairs = 0;
    while (true) {
      ChatResponse response = chat.chat(ChatRequest.builder().messages(messages).build());
      String reply = response.aiMessage() == null ? null : response.aiMessage().text();
      TokenUsage usage = response.tokenUsage();
      inputTokens += count(usage == null ? null : usage.inputTokenCount(), messages);
      outputTokens +=
          usage != null && usage.outputTokenCount() != null
              ? usage.outputTokenCount()
              : OfflineModelProvider.estimateTokens(reply);
      if (response.modelName() != null) {
        answeredBy = response.modelName();
      }
      JsonNode output = parse(reply);
      List<String> problems =
          output == null
              ? List.of("$: the answer is not one JSON object")
              : validator.validate(request.outputSchema(), output);
      if (problems.isEmpty() || repairs >= maxRepairs) {
        double cost = price.cost(inputTokens, outputTokens);
        return new ProviderResult(
            output, NAME, answeredBy, inputTokens, outputTokens, cost, repairs, problems);
      }
      messages.add(AiMessage.from(reply == null || reply.isBlank() ? "(empty answer)" : reply));
      messages.add(UserMessage.from(repairPrompt(problems)));
      repairs++;
    }
  }

  /** Reads a reply as one JSON object, tolerating Markdown fences and text around the object. */
  JsonNode parse(String reply) {
    if (reply == null || reply.isBlank()) {
      return null;
    }
    String text = reply.strip();
    Matcher fenced = FENCED.matcher(text);
    if (fenced.matches()) {
      text = fenced.group(1);
    }
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open < 0 || close < open) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(text.substring(open, close + 1));
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String systemPrompt(ModelRequest request) {
    StringBuilder prompt = new StringBuilder();
    prompt
        .append("You are the step '")
        .append(request.stepId())
        .append("' of the agent '")
        .append(request.agent())
        .append("'.\n");
    switch (request.task()) {
      case CLASSIFY -> {
        prompt.append("Task: classify the text into exactly one of these labels: ");
        prompt.append(String.join(", ", request.labels())).append(".\n");
        prompt.append("Give a confidence between 0 and 1 and short reasons.\n");
        List<Example> examples = request.examples();
        if (!examples.isEmpty()) {
          prompt.append("Labelled examples:\n");
          examples.stream()
              .limit(MAX_EXAMPLES_IN_PROMPT)
              .forEach(
                  e ->
                      prompt
                          .append("- ")
                          .append(e.label())
                          .append(": ")
                          .append(e.text())
                          .append('\n'));
        }
      }
      case EXTRACT ->
          prompt.append(
              "Task: extract the fields the schema names from the text. Where the text does not"
                  + " say and the schema allows null, use null; never invent values.\n");
      case DRAFT ->
          prompt.append(
              "Task: write the text a person will read, following the instruction and using the"
                  + " context values.\n");
      case TRANSLATE ->
          prompt.append(
              "Task: translate the context's text fields into the context's target language,"
                  + " keeping meaning and tone. Where the context has a glossary, write each"
                  + " glossary term exactly in the glossary's form for that language.\n");
    }
    prompt.append("The answer must satisfy this JSON Schema:\n");
    prompt.append(
        request.outputSchema() == null ? "{\"type\":\"object\"}" : request.outputSchema());
    prompt.append("\nAnswer with one JSON object only: no prose, no Markdown fences.");
    return prompt.toString();
  }

  private String userPrompt(ModelRequest request) {
    String context;
    try {
      context = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(request.context());
    } catch (JsonProcessingException e) {
      throw new ModelUnavailableException("the step's context cannot be written as JSON", e);
    }
    String instruction = request.prompt() == null ? "" : request.prompt().strip();
    return instruction + "\n\nContext (JSON):\n" + context;
  }

  private static String repairPrompt(List<String> problems) {
    StringBuilder prompt = new StringBuilder("Your answer does not satisfy the JSON Schema:\n");
    problems.stream().limit(20).forEach(p -> prompt.append("- ").append(p).append('\n'));
    prompt.append("Answer again with one corrected JSON object only.");
    return prompt.toString();
  }

  private static long count(Integer reported, List<ChatMessage> messages) {
    if (reported != null) {
      return reported;
    }
    long chars = 0;
    for (ChatMessage message : messages) {
      chars += message.toString().length();
    }
    return (chars + 3) / 4;
  }
}
