package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.code.yanf4j.core.Session;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.MemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import org.junit.jupiter.api.Test;

/**
 * The remembering locator answers exactly as Ketama does, for repeated keys, keys sharing a slot,
 * and after the sessions change. Sessions here are stand-ins: the locator only reads their
 * address and weight.
 */
class RememberingSessionLocatorTest {
  private static final List<Session> THREE = List.of(session(11211), session(11212), session(11213));

  @Test
  void everyKeyGoesWhereKetamaSendsIt() {
    RememberingSessionLocator remembering = new RememberingSessionLocator();
    remembering.updateSessions(THREE);
    KetamaMemcachedSessionLocator ketama = new KetamaMemcachedSessionLocator();
    ketama.updateSessions(THREE);
    SplittableRandom random = new SplittableRandom(7);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20 * RememberingSessionLocator.SLOTS; i++) {
      keys.add("ns/" + Long.toHexString(random.nextLong()) + ":" + i);
    }

    for (int round = 0; round < 3; round++) {
      for (String key : keys) {
        // A fresh instance of an equal key, too: remembered by content, not identity.
        assertSame(ketama.getSessionByKey(key), remembering.getSessionByKey(key), key);
        assertSame(ketama.getSessionByKey(key), remembering.getSessionByKey(new String(key)), key);
      }
    }
  }

  @Test
  void aServerLostOrBackMovesItsKeysAtOnce() {
    RememberingSessionLocator remembering = new RememberingSessionLocator();
    remembering.updateSessions(THREE);
    List<String> onTheFirst = new ArrayList<>();
    for (int i = 0; onTheFirst.size() < 50; i++) {
      String key = "image/gen" + i;
      if (remembering.getSessionByKey(key) == THREE.get(0)) {
        onTheFirst.add(key);
      }
    }

    remembering.updateSessions(THREE.subList(1, 3));
    for (String key : onTheFirst) {
      assertNotSame(THREE.get(0), remembering.getSessionByKey(key), key + " still sent to a lost server");
    }

    remembering.updateSessions(THREE);
    for (String key : onTheFirst) {
      assertSame(THREE.get(0), remembering.getSessionByKey(key), key + " not back on its server");
    }
  }

  private static Session session(int port) {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    InetSocketAddressWrapper wrapper = new InetSocketAddressWrapper(address, 0, 1, null);
    return (Session)
        Proxy.newProxyInstance(
            RememberingSessionLocatorTest.class.getClassLoader(),
            new Class<?>[] {MemcachedSession.class},
            (proxy, method, arguments) ->
                switch (method.getName()) {
                  case "getRemoteSocketAddress" -> address;
                  case "getWeight" -> 1;
                  case "isClosed", "isAuthFailed" -> false;
                  case "getInetSocketAddressWrapper" -> wrapper;
                  case "equals" -> proxy == arguments[0];
                  case "hashCode" -> port;
                  case "toString" -> "session " + address;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
