package dev.agentfleet.activities.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-process chat model that answers from a script: each call takes the next reply (or throws
 * the next exception) and records the request it got, so tests can read the conversation.
 */
final class ScriptedChatModelFake implements ChatModel {

  private final Deque<Object> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();

  /** Queues replies, each answered with 100 input and 20 output tokens. */
  ScriptedChatModelFake replies(String... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Queues an exception the next call throws. */
  ScriptedChatModelFake fails(RuntimeException exception) {
    script.add(exception);
    return this;
  }

  List<ChatRequest> requests() {
    return requests;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    Object next = script.poll();
    if (next == null) {
      throw new IllegalStateException("the script has no reply left for call " + requests.size());
    }
    if (next instanceof RuntimeException exception) {
      throw exception;
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from((String) next))
        .tokenUsage(new TokenUsage(100, 20))
        .modelName("scripted-model")
        .build();
  }
}
