package dev.agentfleet.activities.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentfleet.activities.cost.CostControls;
import dev.agentfleet.activities.heartbeat.Heartbeats;
import dev.agentfleet.activities.model.ContractValidator;
import dev.agentfleet.activities.model.ModelActivitiesImpl;
import dev.agentfleet.activities.model.ModelConfig;
import dev.agentfleet.activities.model.ModelUnavailableException;
import dev.agentfleet.activities.model.OpenAiModelProvider;
import dev.agentfleet.activities.model.ProviderErrors;
import dev.agentfleet.workflows.agent.AgentActivities;
import dev.agentfleet.workflows.agent.AgentTurn;
import dev.agentfleet.workflows.agent.AgentTurnRequest;
import dev.agentfleet.workflows.agent.ToolCall;
import dev.agentfleet.workflows.model.ModelActivities;
import dev.agentfleet.workflows.model.ModelRequest;
import dev.agentfleet.workflows.model.ModelResponse;
import dev.agentfleet.workflows.run.IdempotencyKeys;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs agent turns with a LangChain4j chat model ({@code OpenAiChatModel} against any
 * OpenAI-compatible endpoint, configured as the model steps' {@link ModelConfig}): it sends the
 * step's tools as tool specifications and the transcript as chat messages, and returns the tool
 * calls the model proposed or its final answer, validated against the step's output schema. An
 * answer that breaks the schema, or tool call arguments that are not one JSON object, are sent back
 * for repair at most {@value #MAX_REPAIRS} times, then fail with a non-retryable {@code
 * ContractViolation}. It never runs a tool.
 *
 * <p>The offline provider cannot plan tool calls: with it every turn fails with the non-retryable
 * {@code ModelUnavailable}, saying what to configure, so the step's failure policy applies. Every
 * turn that reached a model is accounted (tokens, and cost from the tier's price) through the
 * {@link CostControls}, each under its own idempotency key; the agent's quota is checked first.
 *
 * <p>Longer than ~300 lines on purpose: one agent turn from transcript to validated answer (tool
 * specifications, repair loop, accounting) reads top to bottom; the conversation mapping is in
 * AgentConversation.
 */
public final class AgentActivitiesImpl implements AgentActivities {

  /** The most repair rounds one turn may take. */
  static final int MAX_REPAIRS = 2;

  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(AgentActivitiesImpl.class);

  private final ModelConfig config;
  private final Function<String, ChatModel> chatModels;
  private final ContractValidator validator = new ContractValidator();
  private final CostControls controls;

  /** Creates the activities with one OpenAI chat model per tier, built on first use. */
  public AgentActivitiesImpl(ModelConfig config, CostControls controls) {
    this(config, openAiModels(config), controls);
  }

  /**
   * Creates the activities over chat models chosen by tier, for tests and custom registries.
   *
   * @param chatModels returns the chat model for a tier ({@code small} or {@code large})
   */
  public AgentActivitiesImpl(
      ModelConfig config, Function<String, ChatModel> chatModels, CostControls controls) {
    this.config = config;
    this.chatModels = chatModels;
    this.controls = controls;
  }

  private static Function<String, ChatModel> openAiModels(ModelConfig config) {
    Map<String, ChatModel> byTier = new ConcurrentHashMap<>();
    return tier ->
        byTier.computeIfAbsent(tier, t -> OpenAiModelProvider.openAiChatModel(config, t));
  }

  @Override
  public AgentTurn turn(AgentTurnRequest request) {
    long started = System.nanoTime();
    ModelRequest account = accountingRequest(request);
    try {
      String tier = servableTier(request);
      controls.checkQuota(account);
      AgentTurn turn = converse(request, tier, chatModels.apply(tier), account, started);
      log.info(
          "agent turn done: agent={} step={} iteration={} tier={} model={} toolCalls={}"
              + " answer={} repairs={} inputTokens={} outputTokens={} latencyMs={}",
          request.agent(),
          request.stepId(),
          request.iteration(),
          tier,
          turn.model(),
          turn.toolCalls().size(),
          turn.hasAnswer(),
          turn.repairs(),
          turn.inputTokens(),
          turn.outputTokens(),
          turn.latencyMillis());
      return turn;
    } catch (ApplicationFailure failure) {
      throw failure;
    } catch (ModelUnavailableException e) {
      log.warn("agent turn unavailable: step={} tier={}", request.stepId(), request.tier());
      throw ApplicationFailure.newNonRetryableFailure(
          where(request) + ": " + e.getMessage(), ModelActivities.MODEL_UNAVAILABLE);
    } catch (RuntimeException e) {
      throw providerFailure(request, e);
    }
  }

  /** The tier's normalized name, once this configuration can run a tool loop on it. */
  private String servableTier(AgentTurnRequest request) {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new ModelUnavailableException(
          "the model configuration is not usable: " + String.join("; ", problems));
    }
    String tier = request.tier() == null ? "" : request.tier().trim().toLowerCase(Locale.ROOT);
    config.modelFor(tier);
    if (!ModelConfig.OPENAI.equals(config.provider())) {
      throw new ModelUnavailableException(
          "tier '"
              + tier
              + "' is served by the '"
              + config.provider()
              + "' provider, which does not run tool loops (it cannot plan tool calls); to run"
              + " agent steps set FLEET_MODEL_PROVIDER=openai with FLEET_OPENAI_BASE_URL (any"
              + " OpenAI-compatible endpoint), FLEET_OPENAI_API_KEY and FLEET_MODEL_"
              + tier.toUpperCase(Locale.ROOT)
              + " (a model that supports tool calling)");
    }
    return tier;
  }

  private AgentTurn converse(
      AgentTurnRequest request, String tier, ChatModel chat, ModelRequest account, long started) {
    List<ChatMessage> messages = AgentConversation.messages(request);
    List<ToolSpecification> tools = ToolSchemas.specifications(request.tools());
    ModelConfig.Price price = config.priceFor(tier);
    String answeredBy = config.modelFor(tier);
    long inputTokens = 0;
    long outputTokens = 0;
    int repairs = 0;
    while (true) {
      ChatResponse response;
      try (Heartbeats beating = Heartbeats.start(HEARTBEAT_EVERY)) {
        response =
            chat.chat(ChatRequest.builder().messages(messages).toolSpecifications(tools).build());
      }
      AiMessage ai = response.aiMessage();
      TokenUsage usage = response.tokenUsage();
      inputTokens += usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
      outputTokens +=
          usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
      if (response.modelName() != null) {
        answeredBy = response.modelName();
      }
      List<String> problems;
      if (ai != null && ai.hasToolExecutionRequests()) {
        List<ToolExecutionRequest> requests = withIds(ai.toolExecutionRequests(), request);
        List<ToolCall> calls = new ArrayList<>();
        problems = new ArrayList<>();
        for (ToolExecutionRequest r : requests) {
          Map<String, Object> args = AgentConversation.arguments(r.arguments());
          if (args == null) {
            problems.add("the arguments of the call to " + r.name() + " are not one JSON object");
          } else {
            calls.add(new ToolCall(r.id(), r.name(), args));
          }
        }
        if (problems.isEmpty()) {
          return spent(
              request,
              account,
              new AgentTurn(
                  calls,
                  null,
                  ai.text(),
                  null,
                  OpenAiModelProvider.NAME,
                  answeredBy,
                  inputTokens,
                  outputTokens,
                  price.cost(inputTokens, outputTokens),
                  repairs,
                  millisSince(started)));
        }
        if (repairs < MAX_REPAIRS) {
          messages.add(AiMessage.from(requests));
          for (ToolExecutionRequest r : requests) {
            messages.add(
                ToolExecutionResultMessage.from(
                    r,
                    "not run: every call of this turn needs its arguments as one JSON object;"
                        + " propose the calls again"));
          }
        }
      } else {
        String reply = ai == null ? null : ai.text();
        JsonNode answer = AgentConversation.answer(reply);
        problems =
            answer == null
                ? List.of("$: the answer is not one JSON object")
                : validator.validate(request.outputSchema(), answer);
        if (problems.isEmpty()) {
          return spent(
              request,
              account,
              new AgentTurn(
                  List.of(),
                  AgentConversation.toMap(answer),
                  reply,
                  null,
                  OpenAiModelProvider.NAME,
                  answeredBy,
                  inputTokens,
                  outputTokens,
                  price.cost(inputTokens, outputTokens),
                  repairs,
                  millisSince(started)));
        }
        if (repairs < MAX_REPAIRS) {
          messages.add(AiMessage.from(reply == null || reply.isBlank() ? "(empty answer)" : reply));
          messages.add(UserMessage.from(AgentConversation.repairPrompt(problems)));
        }
      }
      if (repairs >= MAX_REPAIRS) {
        double cost = price.cost(inputTokens, outputTokens);
        controls.account(
            account,
            new ModelResponse(
                Map.of(),
                OpenAiModelProvider.NAME,
                answeredBy,
                inputTokens,
                outputTokens,
                cost,
                repairs,
                millisSince(started)));
        throw ApplicationFailure.newNonRetryableFailure(
            where(request)
                + ": the model broke its contract after "
                + repairs
                + " repair(s): "
                + String.join("; ", problems.subList(0, Math.min(3, problems.size()))),
            ModelActivities.CONTRACT_VIOLATION,
            problems);
      }
      repairs++;
    }
  }

  /** Accounts a turn that reached a model and returns it. */
  private AgentTurn spent(AgentTurnRequest request, ModelRequest account, AgentTurn turn) {
    controls.account(account, turn.spend());
    return turn;
  }

  /** The calls with an id each: a model that gives none gets {@code call_<iteration>_<n>}. */
  private static List<ToolExecutionRequest> withIds(
      List<ToolExecutionRequest> requests, AgentTurnRequest request) {
    List<ToolExecutionRequest> out = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      ToolExecutionRequest r = requests.get(i);
      out.add(
          r.id() != null && !r.id().isBlank()
              ? r
              : r.toBuilder().id("call_" + request.iteration() + "_" + (i + 1)).build());
    }
    return out;
  }

  /**
   * The turn as the cost controls account it: one {@code model_calls} row per turn, whose step is
   * {@code stepId/iteration} so the row's workflow id is the run's.
   */
  static ModelRequest accountingRequest(AgentTurnRequest request) {
    String withinRun = IdempotencyKeys.withinRun(request.workflowId(), request.idempotencyKey());
    String step = withinRun != null ? withinRun : request.stepId();
    return new ModelRequest(
        request.idempotencyKey(),
        request.agent(),
        step,
        request.tier(),
        null,
        null,
        List.of(),
        List.of(),
        request.outputSchema(),
        0,
        Map.of());
  }

  /**
   * Sorts a provider exception as the model steps do: rate limits, server errors, timeouts and I/O
   * are retried ({@link ModelActivitiesImpl#MODEL_TRANSIENT}); other HTTP and LangChain4j errors
   * are not ({@code ModelUnavailable}); anything else is rethrown as it is.
   */
  private static RuntimeException providerFailure(AgentTurnRequest request, RuntimeException e) {
    Optional<Boolean> retryable = ProviderErrors.retryable(e);
    if (retryable.isEmpty()) {
      log.warn("agent turn failed unexpectedly: step={} error={}", request.stepId(), e.getClass());
      return e;
    }
    String what = ProviderErrors.describe(e);
    log.warn(
        "agent turn failed: step={} tier={} error={} retryable={}",
        request.stepId(),
        request.tier(),
        what,
        retryable.get());
    return retryable.get()
        ? ProviderErrors.transientFailure(
            where(request) + ": the model call failed transiently with " + what + "; it is retried",
            ModelActivitiesImpl.MODEL_TRANSIENT,
            e)
        : ApplicationFailure.newNonRetryableFailure(
            where(request)
                + ": the model provider refused the call with "
                + what
                + "; check the model name, the key and the endpoint",
            ModelActivities.MODEL_UNAVAILABLE);
  }

  private static String where(AgentTurnRequest request) {
    return "agent step "
        + request.agent()
        + "/"
        + request.stepId()
        + " turn "
        + request.iteration()
        + " (tier "
        + request.tier()
        + ")";
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
