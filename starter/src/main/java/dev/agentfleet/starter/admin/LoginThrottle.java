package dev.agentfleet.starter.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code perName} failed sign-ins for one approver name, or
 * {@code perClient} from one client address, within {@code window}, further attempts are refused
 * (without checking the password) until the oldest failure leaves the window. A successful sign-in
 * clears the name's failures, not the client's.
 */
public final class LoginThrottle {

  private static final int MAX_KEYS = 50_000;

  private final Clock clock;
  private final Duration window;
  private final int perName;
  private final int perClient;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, Duration window, int perName, int perClient) {
    this.clock = clock;
    this.window = window;
    this.perName = perName;
    this.perClient = perClient;
  }

  /** The defaults: 5 failures per name, 20 per client, in 15 minutes. */
  public static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(clock, Duration.ofMinutes(15), 5, 20);
  }

  /** How long to wait before trying again, when an attempt now would be refused. */
  public Optional<Duration> blocked(String name, String client) {
    Instant now = clock.instant();
    Duration wait =
        max(waitFor(nameKey(name), perName, now), waitFor(clientKey(client), perClient, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Counts a failed sign-in against the name and the client. */
  public void failed(String name, String client) {
    if (failures.size() > MAX_KEYS) {
      Instant now = clock.instant();
      failures.values().removeIf(times -> prune(times, now).isEmpty());
    }
    Instant now = clock.instant();
    for (String key : new String[] {nameKey(name), clientKey(client)}) {
      Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (times) {
        times.addLast(now);
      }
    }
  }

  /** Forgets the name's failures after a successful sign-in. */
  public void succeeded(String name) {
    failures.remove(nameKey(name));
  }

  private Duration waitFor(String key, int limit, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    synchronized (times) {
      prune(times, now);
      if (times.size() < limit) {
        return Duration.ZERO;
      }
      Duration wait = Duration.between(now, times.peekFirst().plus(window));
      return wait.isNegative() ? Duration.ZERO : wait;
    }
  }

  private Deque<Instant> prune(Deque<Instant> times, Instant now) {
    synchronized (times) {
      while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
        times.removeFirst();
      }
      return times;
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String nameKey(String name) {
    return "name:" + (name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
  }

  private static String clientKey(String client) {
    return "client:" + client;
  }
}
