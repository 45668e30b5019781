package dev.agentfleet.starter.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing without locking anyone out. Failures are counted per approver name
 * <em>and</em> client address together (an IPv6 client by its /64 network), so someone guessing
 * alice's password from one address never delays alice signing in from another, and nobody's
 * failures delay the other people behind a shared address.
 *
 * <p>The first {@code freeAttempts} attempts follow each other without delay; after that each
 * failure makes the next attempt wait twice as long as the one before ({@code firstDelay},
 * doubling, at most {@code maxDelay}). A key with no failure for {@code forgetAfter} starts afresh;
 * a success clears it.
 *
 * <p>Parallel guesses do not multiply the rate: {@link #begin} reserves the one password check a
 * key may have in flight, and every other attempt on that key is refused until {@link #failed} or
 * {@link #succeeded} ends it. With the standard settings one address checks at most 5 passwords for
 * a name in 15 minutes (two at once, then after 1, 3 and 7 minutes), however many requests it sends
 * at once.
 */
public final class LoginThrottle {

  private static final int MAX_KEYS = 50_000;

  /** How long a reserved check may stay open before it counts as abandoned. */
  private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(30);

  /** What an attempt waiting for the key's check in flight is told to wait. */
  private static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  private static final class Entry {
    int failures;
    Instant lastFailure = Instant.EPOCH;
    Instant nextAllowed = Instant.EPOCH;
    Instant inFlightSince;
  }

  private final Clock clock;
  private final int freeAttempts;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final Duration forgetAfter;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public LoginThrottle(
      Clock clock, int freeAttempts, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
    this.clock = clock;
    this.freeAttempts = freeAttempts;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.forgetAfter = forgetAfter;
  }

  /** The defaults: 2 attempts at once, then waits of 1, 2, 4, 8, 15 min; forgotten after 1 h. */
  public static LoginThrottle standard(Clock clock) {
    return new LoginThrottle(
        clock, 2, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1));
  }

  /**
   * Asks to check one password for {@code name} from {@code client} now. Empty means go ahead: the
   * check is reserved and must be ended with {@link #failed} or {@link #succeeded}. Otherwise the
   * answer is how long to wait before trying again.
   */
  public Optional<Duration> begin(String name, String client) {
    Instant now = clock.instant();
    if (entries.size() > MAX_KEYS) {
      entries.values().removeIf(e -> forgotten(e, now));
    }
    Entry entry = entries.computeIfAbsent(key(name, client), k -> new Entry());
    synchronized (entry) {
      if (entry.inFlightSince != null && now.isBefore(entry.inFlightSince.plus(IN_FLIGHT_LIMIT))) {
        return Optional.of(IN_FLIGHT_WAIT);
      }
      if (now.isBefore(entry.nextAllowed)) {
        return Optional.of(Duration.between(now, entry.nextAllowed));
      }
      entry.inFlightSince = now;
      return Optional.empty();
    }
  }

  /** Ends a reserved check that failed: counts it and sets the next attempt's delay. */
  public void failed(String name, String client) {
    Instant now = clock.instant();
    Entry entry = entries.computeIfAbsent(key(name, client), k -> new Entry());
    synchronized (entry) {
      if (!entry.lastFailure.plus(forgetAfter).isAfter(now)) {
        entry.failures = 0;
      }
      entry.failures++;
      entry.lastFailure = now;
      entry.nextAllowed = now.plus(delayAfter(entry.failures));
      entry.inFlightSince = null;
    }
  }

  /** Ends a reserved check that succeeded: the key's failures are forgotten. */
  public void succeeded(String name, String client) {
    entries.remove(key(name, client));
  }

  /** The wait after the {@code failures}-th failure in a row. */
  Duration delayAfter(int failures) {
    int over = failures - freeAttempts + 1;
    if (over <= 0) {
      return Duration.ZERO;
    }
    Duration delay = firstDelay;
    for (int i = 1; i < over && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  private boolean forgotten(Entry entry, Instant now) {
    synchronized (entry) {
      return entry.inFlightSince == null
          && !entry.lastFailure.plus(forgetAfter).isAfter(now)
          && !entry.nextAllowed.isAfter(now);
    }
  }

  private static String key(String name, String client) {
    String who = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return who + "\n" + network(client);
  }

  /** An IPv4 address as it is; an IPv6 address by its /64, which one subscriber usually holds. */
  static String network(String client) {
    if (client == null || client.indexOf(':') < 0) {
      return String.valueOf(client);
    }
    try {
      byte[] bytes = InetAddress.getByName(client).getAddress();
      if (bytes.length == 16) {
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
      }
      return client;
    } catch (UnknownHostException e) {
      return client;
    }
  }
}
