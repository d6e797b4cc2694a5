package dev.cachet.runtime.internal.transport;

import com.google.code.yanf4j.core.Session;
import dev.cachet.runtime.internal.value.WireFormat;
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
    String named = WireFormat.copyServer(key);
    Session session = named != null ? byName.get(named) : ketama.getSessionByKey(key);
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
   * {@code key}'s copy on {@code server} ({@link WireFormat#copy}): a key this locator
   * sends to that server, whatever Ketama would choose.
   */
  static String scopedKey(String key, InetSocketAddress server) {
    return WireFormat.copy(key, name(server));
  }

  /**
   * How keys name a server: its IP address and port, so that every process naming it by another
   * host name (localhost, a DNS name) still agrees on the key.
   */
  static String name(InetSocketAddress server) {
    String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
    return host + ":" + server.getPort();
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
