package dev.cachet.runtime.transport;

import com.google.code.yanf4j.core.Session;
import java.util.Collection;
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

  @Override
  public Session getSessionByKey(String key) {
    // Read first: whatever Ketama answers below is at least as new as this.
    Object current = sessions;
    int slot = spread(key.hashCode()) & (SLOTS - 1);
    Located located = slots[slot];
    if (located != null && located.sessions == current && located.key.equals(key)) {
      return located.session;
    }
    Session session = ketama.getSessionByKey(key);
    slots[slot] = new Located(key, session, current);
    return session;
  }

  @Override
  public void updateSessions(Collection<Session> list) {
    ketama.updateSessions(list);
    sessions = new Object();
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
