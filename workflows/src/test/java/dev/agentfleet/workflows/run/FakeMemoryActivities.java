package dev.agentfleet.workflows.run;

import dev.agentfleet.workflows.memory.MemoryActivities;
import dev.agentfleet.workflows.memory.RecallRequest;
import dev.agentfleet.workflows.memory.Recollection;
import dev.agentfleet.workflows.memory.RememberRequest;
import dev.agentfleet.workflows.memory.Remembered;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process fake of the short-term memory for workflow unit tests: recall answers the scripted
 * cases (or fails, when told to), and every request is kept for assertions.
 */
final class FakeMemoryActivities implements MemoryActivities {

  final List<RecallRequest> recalls = new CopyOnWriteArrayList<>();
  final List<RememberRequest> remembers = new CopyOnWriteArrayList<>();
  private volatile List<Recollection> recalled = List.of();
  private volatile String failure;

  FakeMemoryActivities recalls(Recollection... cases) {
    recalled = List.of(cases);
    return this;
  }

  FakeMemoryActivities failWith(String why) {
    failure = why;
    return this;
  }

  @Override
  public List<Recollection> recall(RecallRequest request) {
    recalls.add(request);
    if (failure != null) {
      throw ApplicationFailure.newNonRetryableFailure(failure, "MemoryDown");
    }
    return recalled;
  }

  @Override
  public Remembered remember(RememberRequest request) {
    remembers.add(request);
    if (failure != null) {
      throw ApplicationFailure.newNonRetryableFailure(failure, "MemoryDown");
    }
    return new Remembered("item-" + remembers.size(), false, 0);
  }
}
