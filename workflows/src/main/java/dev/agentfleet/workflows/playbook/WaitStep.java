package dev.agentfleet.workflows.playbook;

/**
 * Waits durably: for {@code duration} on a timer, or until the event {@code signal} arrives,
 * whichever comes first.
 *
 * @param duration ISO-8601 duration (for example {@code P2D}); the timer survives worker restarts
 * @param signal the name of the {@code event} signal that ends the wait early; null waits the whole
 *     duration
 * @param onSignal the step after the event arrived (required with {@code signal})
 * @param next the step after the time ran out
 */
public record WaitStep(
    String id, String purpose, String duration, String signal, String onSignal, String next)
    implements StepDef {}
