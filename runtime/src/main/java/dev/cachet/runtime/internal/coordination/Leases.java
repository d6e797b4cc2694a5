package dev.cachet.runtime.internal.coordination;

import dev.cachet.runtime.internal.value.WireFormat;
import dev.cachet.runtime.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's side of leases: claiming a placeholder under an entry key, renewing it while its
 * holder computes, removing it when the holder stores nothing, and the refresh lock of a stale
 * entry. Each step is a round trip that never throws: a fault is counted and logged, and the
 * caller goes on without the lease.
 *
 * <p>A lease, as in Facebook's memcache (NSDI 2013, section 3.2.1), tells other callers in every
 * process that the value is being computed, and its compare-and-swap id is the condition of the
 * store that replaces it. {@link WireFormat} lays out the placeholder and the lock's key.
 */
final class Leases implements AutoCloseable {
  /**
   * Renewals of one lease, three per lock timeout: a computation that takes up to six lock
   * timeouts (30 s by default) still stores its value; one that never ends (a hung delegate, a
   * future never completed) frees the key's lease after that.
   */
  static final int MAX_RENEWALS = 18;

  private final Transport transport;
  private final FaultLog faults;
  private final SecureRandom random;
  private final Renewals renewals;

  Leases(Transport transport, FaultLog faults, SecureRandom random) {
    this(transport, faults, random, Renewals.onDaemonThread());
  }

  Leases(Transport transport, FaultLog faults, SecureRandom random, Renewals renewals) {
    this.transport = transport;
    this.faults = faults;
    this.random = random;
    this.renewals = renewals;
  }

  /** {@code true} when {@code bytes} are exactly {@code placeholder}: the same holder's lease. */
  static boolean same(byte[] placeholder, byte[] bytes) {
    return placeholder != null && Arrays.equals(placeholder, bytes);
  }

  /** What one attempt to take the lease found. */
  static final class Claim {
    enum Kind {
      /** This caller holds the lease: its placeholder is {@link #holder}, with {@link #casId}. */
      HELD,
      /** Another caller of the current generation holds it: {@link #holder}. */
      HELD_BY,
      /** A usable value is stored: {@link #found}. */
      FOUND,
      /** The entry changed between two steps (an invalidation, another claim): try again. */
      CHANGED,
      FAULT
    }

    static final Claim CHANGED = new Claim(Kind.CHANGED, 0, null, null);
    static final Claim FAULT = new Claim(Kind.FAULT, 0, null, null);

    final Kind kind;
    final long casId;
    final byte[] holder;
    final Lookup found;

    private Claim(Kind kind, long casId, byte[] holder, Lookup found) {
      this.kind = kind;
      this.casId = casId;
      this.holder = holder;
      this.found = found;
    }

    static Claim heldBy(byte[] holder) {
      return new Claim(Kind.HELD_BY, 0, holder, null);
    }
  }

  /**
   * One attempt to put a new placeholder under the entry key: {@code add} when the key is empty,
   * else a compare-and-swap over what it holds when that is dead (an old generation's value or
   * lease, undecodable, expired); then a {@code gets} for the placeholder's compare-and-swap id,
   * the condition of the store.
   */
  Claim claim(
      String entryKey, long generation, Duration lease, Entries entries, NamespaceEvents namespace) {
    byte[] placeholder = newPlaceholder(generation);
    try {
      boolean added = transport.add(entryKey, placeholder, lease);
      Transport.Versioned held = transport.gets(entryKey);
      if (held != null && same(placeholder, held.value())) {
        return new Claim(Claim.Kind.HELD, held.casId(), placeholder, null);
      }
      if (held == null || added) {
        return Claim.CHANGED; // deleted or replaced between the two steps
      }
      byte[] bytes = held.value();
      Lookup existing = entries.decode(entryKey, generation, bytes);
      if (existing.usable()) {
        return new Claim(Claim.Kind.FOUND, 0, null, existing);
      }
      if (existing.state == Lookup.State.FAULT) {
        return Claim.FAULT;
      }
      if (existing.state == Lookup.State.LEASED) {
        return Claim.heldBy(bytes);
      }
      if (!transport.cas(entryKey, placeholder, lease, held.casId())) {
        return Claim.CHANGED;
      }
      Transport.Versioned mine = transport.gets(entryKey);
      return mine != null && same(placeholder, mine.value())
          ? new Claim(Claim.Kind.HELD, mine.casId(), placeholder, null)
          : Claim.CHANGED;
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:lease", "lease on " + entryKey + " not taken, computing without it", e);
      // It may have landed all the same; nobody else can remove it before it lapses.
      transport.deleteWhenReachable(entryKey, placeholder);
      return Claim.FAULT;
    }
  }

  /**
   * Renews the placeholder under {@code entryKey} every third of the lock timeout while its
   * holder computes ({@code touch} keeps its compare-and-swap id), so a computation slower than
   * the lock timeout still stores, while a dead holder's lease lapses within one lease time.
   * Renewal stops when the placeholder is gone (invalidated) and after {@value #MAX_RENEWALS}
   * renewals: a computation that never ends must not keep the key's lease forever. Returns
   * {@code null} once closed.
   */
  Future<?> renew(String entryKey, Duration lease, Duration lockTimeout, NamespaceEvents namespace) {
    long period = Math.max(1, lockTimeout.toMillis() / 3);
    AtomicInteger renewed = new AtomicInteger();
    return renewals.every(
        period,
        () -> {
          try {
            return renewed.incrementAndGet() <= MAX_RENEWALS && transport.touch(entryKey, lease);
          } catch (RuntimeException e) {
            namespace.transportFault(e);
            faults.warn("transport:touch", "lease on " + entryKey + " not renewed; tried again", e);
            return true;
          }
        });
  }

  /**
   * Removes {@code entryKey}'s placeholder if it is still the one whose compare-and-swap id is
   * {@code casId}: the holder ended without storing, and waiters need not sit out its lease.
   * Reading then deleting is not atomic, but what it could wrongly delete in between is only ever
   * a value or a lease taken a moment before: a miss, never a wrong value.
   */
  void releasePlaceholder(String entryKey, byte[] placeholder, long casId, NamespaceEvents namespace) {
    try {
      Transport.Versioned held = transport.gets(entryKey);
      if (held != null && held.casId() == casId) {
        transport.delete(entryKey);
      }
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:unlock", "lease on " + entryKey + " not released yet; released when the server answers", e);
      transport.deleteWhenReachable(entryKey, placeholder);
    }
  }

  /**
   * Takes the refresh lock of a stale entry with a random token: {@code true} when taken,
   * {@code false} when another holds it, {@code null} on a fault.
   */
  Boolean lockRefresh(String entryKey, byte[] token, Duration lockTimeout, NamespaceEvents namespace) {
    try {
      return transport.add(WireFormat.refreshLockKey(entryKey), token, lockTimeout);
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:lock", "refresh lock on " + entryKey + " not taken, serving the stale value", e);
      return null;
    }
  }

  /**
   * Deletes the refresh lock only if it still holds {@code token}. Get-then-delete is not atomic:
   * the lock could lapse and be taken in between, but only after a whole lock timeout, and the
   * cost is one extra computation of the key, never a wrong value.
   */
  void unlockRefresh(String entryKey, byte[] token, NamespaceEvents namespace) {
    String lockKey = WireFormat.refreshLockKey(entryKey);
    try {
      byte[] holder = transport.getAll(List.of(lockKey)).get(lockKey);
      if (Arrays.equals(holder, token)) {
        transport.delete(lockKey);
      }
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:unlock", "lease " + lockKey + " not released yet; released when the server answers", e);
      transport.deleteWhenReachable(lockKey, token);
    }
  }

  /** The entry with its compare-and-swap id; {@code null} when absent or on a fault. */
  Transport.Versioned getsOrNull(String entryKey, NamespaceEvents namespace) {
    try {
      return transport.gets(entryKey);
    } catch (RuntimeException e) {
      namespace.transportFault(e);
      faults.warn("transport:gets", "entry " + entryKey + " not read for its refresh", e);
      return null;
    }
  }

  /** A random refresh-lock token, unique across processes: 32 hex characters. */
  byte[] newToken() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    StringBuilder hex = new StringBuilder(32);
    for (byte b : bytes) {
      hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return hex.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A placeholder for a lease under {@code generation}, unique across processes. */
  private byte[] newPlaceholder(long generation) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return WireFormat.leasePlaceholder(generation, bytes);
  }

  @Override
  public void close() {
    renewals.close();
  }
}
