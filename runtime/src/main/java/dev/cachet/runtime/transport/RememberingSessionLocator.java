package dev.cachet.runtime.transport;

import com.google.code.yanf4j.core.Session;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;

/**
 * Ketama (Xmemcached's own), remembering the server of the keys it was asked about last. Each
 * key of a lookup is located twice, once by {@link MemcachedTransport} to charge the right
 * circuit breaker and once inside Xmemcached's send, and every lookup of a namespace reads its
 * generation key: each location is an MD5 and a tree search, a fifth of the client's CPU per hit
 * at 8 threads (a JFR profile of the memcached hit benchmark), where a raw get pays one.
 *
 * <p>A direct-mapped table of {@value #SLOTS} slots, by the key's hash: a key sharing a slot
 * with another is located again, never answered for the other. Everything remembered is
 * forgotten when Xmemcached reports a change of sessions (a server lost or back), so a key
 * follows its server exactly as with Ketama alone. Entries are immutable; the table is read and
 * written without locks, and a thread that misses another's write only locates the key again.
 */
final class RememberingSessionLocator implements MemcachedSessionLocator {
  static final int SLOTS = 1024;
  /** After a namespace's slash, the start of a key kept on one named server: {@code image/gen@10.0.0.1:11211}. */
  private static final String SCOPED = "gen@";

  private final KetamaMemcachedSessionLocator ketama = new KetamaMemcachedSessionLocator();
  private final Located[] slots = new Located[SLOTS];
  /** Replaced on every change of sessions; an entry located under another is not trusted. */
  private volatile Object sessions = new Object();
  /** The sessions by {@link #name} of their server, for keys that name their server. */
  private volatile Map<String, Session> byName = Map.of();

  @Override
  public Session getSessionByKey(String key) {
    // Read first: whatever Ketama answers below is at least as new as this.
    Object current = sessions;
    int slot = spread(key.hashCode()) & (SLOTS - 1);
    Located located = slots[slot];
    if (located != null && located.sessions == current && located.key.equals(key)) {
      return located.session;
    }
    Session session = scoped(key) ? byName.get(key.substring(key.indexOf('@') + 1)) : ketama.getSessionByKey(key);
    slots[slot] = new Located(key, session, current);
    return session;
  }

  @Override
  public void updateSessions(Collection<Session> list) {
    ketama.updateSessions(list);
    Map<String, Session> named = new HashMap<>();
    for (Session session : list) {
      named.putIfAbsent(name(session.getRemoteSocketAddress()), session);
    }
    byName = Map.copyOf(named);
    sessions = new Object();
  }

  /**
   * {@code key}'s copy on {@code server}: a key this locator sends to that server, whatever Ketama
   * would choose. Entry keys never take this form: after the namespace they hold a hexadecimal
   * fingerprint, and {@code g} is no hex digit.
   */
  static String scopedKey(String key, InetSocketAddress server) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.startsWith("gen", slash + 1) || key.length() != slash + 4) {
      throw new IllegalArgumentException("only <namespace>/gen keys are kept per server: " + key);
    }
    return key + "@" + name(server);
  }

  /**
   * How keys name a server: its IP address and port, so that every process naming it by another
   * host name (localhost, a DNS name) still agrees on the key.
   */
  static String name(InetSocketAddress server) {
    String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
    return host + ":" + server.getPort();
  }

  private static boolean scoped(String key) {
    int slash = key.indexOf('/');
    return slash > 0 && key.startsWith(SCOPED, slash + 1);
  }

  @Override
  public void setFailureMode(boolean failureMode) {
    ketama.setFailureMode(failureMode);
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private record Located(String key, Session session, Object sessions) {}
}
