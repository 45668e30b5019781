package dev.agentfleet.worker.codec;

import dev.agentfleet.workflows.batch.BatchInput;
import dev.agentfleet.workflows.codec.AesGcmPayloadCodec;
import dev.agentfleet.workflows.run.AgentRunInput;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.context.SerializationContext;
import io.temporal.workflow.Workflow;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Fails closed when payload encryption is on: a run (or batch) whose input reached this worker in
 * plaintext, so that Temporal's history already holds it unencrypted, is refused at its first
 * workflow task with a non-retryable {@value #FAILURE_TYPE} failure that says what to fix, instead
 * of running and spreading the plaintext further.
 *
 * <p>Two parts work together: {@link #tracking} wraps the worker's encrypting data converter and
 * notes each run or batch input it decoded from a payload that was not encrypted (by identity); the
 * {@link #guard} interceptor, inside the workflow thread, refuses a noted input unless the task is
 * a replay. A replay is left alone, so runs recorded before encryption was turned on still replay
 * as they ran.
 */
public final class PlaintextInputs {

  /** The failure type of a refused plaintext input. */
  public static final String FAILURE_TYPE = "PlaintextInput";

  private final Set<Object> plaintext =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  /** The converter that notes plaintext run and batch inputs; wrap the encrypting one. */
  public DataConverter tracking(DataConverter encrypting) {
    return new Tracking(encrypting);
  }

  /** The worker interceptor that refuses noted inputs on a run's first execution. */
  public WorkerInterceptor guard() {
    return new WorkerInterceptorBase() {
      @Override
      public WorkflowInboundCallsInterceptor interceptWorkflow(
          WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
          @Override
          public WorkflowOutput execute(WorkflowInput input) {
            Object[] args = input.getArguments();
            boolean plain = args.length > 0 && args[0] != null && plaintext.remove(args[0]);
            if (plain && !Workflow.isReplaying()) {
              throw ApplicationFailure.newNonRetryableFailure(
                  "refused: this fleet encrypts payloads, but the input of "
                      + Workflow.getInfo().getWorkflowId()
                      + " arrived in plaintext, so Temporal's history holds it unencrypted;"
                      + " no step ran. Start runs with a client that encrypts: the fleet CLI"
                      + " finds the setting in the fleet's ledger or FLEET_ENCRYPT_PAYLOADS /"
                      + " FLEET_PAYLOAD_KEYS; other clients need the payload codec",
                  FAILURE_TYPE);
            }
            return super.execute(input);
          }
        };
      }
    };
  }

  private static boolean watched(Class<?> type) {
    return type == AgentRunInput.class || type == BatchInput.class;
  }

  private void note(Object value, Payload raw) {
    if (value != null && raw != null && !AesGcmPayloadCodec.isEncrypted(raw)) {
      plaintext.add(value);
    }
  }

  /** Delegates every conversion; notes watched values decoded from plaintext payloads. */
  private final class Tracking implements DataConverter {

    private final DataConverter delegate;

    Tracking(DataConverter delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> Optional<Payload> toPayload(T value) throws DataConverterException {
      return delegate.toPayload(value);
    }

    @Override
    public <T> T fromPayload(Payload payload, Class<T> valueClass, Type valueType)
        throws DataConverterException {
      T value = delegate.fromPayload(payload, valueClass, valueType);
      if (watched(valueClass)) {
        note(value, payload);
      }
      return value;
    }

    @Override
    public Optional<Payloads> toPayloads(Object... values) throws DataConverterException {
      return delegate.toPayloads(values);
    }

    @Override
    public <T> T fromPayloads(
        int index, Optional<Payloads> content, Class<T> valueType, Type valueGenericType)
        throws DataConverterException {
      T value = delegate.fromPayloads(index, content, valueType, valueGenericType);
      if (watched(valueType)) {
        note(value, raw(content, index));
      }
      return value;
    }

    @Override
    public Object[] fromPayloads(
        Optional<Payloads> content, Class<?>[] parameterTypes, Type[] genericParameterTypes)
        throws DataConverterException {
      Object[] values = delegate.fromPayloads(content, parameterTypes, genericParameterTypes);
      for (int i = 0; i < values.length && i < parameterTypes.length; i++) {
        if (watched(parameterTypes[i])) {
          note(values[i], raw(content, i));
        }
      }
      return values;
    }

    @Override
    public RuntimeException failureToException(Failure failure) {
      return delegate.failureToException(failure);
    }

    @Override
    public Failure exceptionToFailure(Throwable throwable) {
      return delegate.exceptionToFailure(throwable);
    }

    @Override
    public DataConverter withContext(SerializationContext context) {
      return new Tracking(delegate.withContext(context));
    }

    private static Payload raw(Optional<Payloads> content, int index) {
      return content.isPresent() && content.get().getPayloadsCount() > index
          ? content.get().getPayloads(index)
          : null;
    }
  }

  /** How many noted inputs wait for the guard (for tests: it never grows without bound). */
  int pending() {
    return plaintext.size();
  }
}
