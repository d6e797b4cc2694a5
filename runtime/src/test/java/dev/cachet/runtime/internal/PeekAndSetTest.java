package dev.cachet.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.value.ClassAllowlist;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease-free lookup and the unconditional store a Spring {@code CacheManager} is built on. */
class PeekAndSetTest {
  record Point(int x, int y) {}

  private static Cachet cachet() {
    return Cachet.builder().inMemory().region("r", Duration.ofMinutes(1)).build();
  }

  @Test
  void peekTakesNoLeaseAndSetStoresUnderTheCurrentGeneration() {
    try (Cachet cachet = cachet()) {
      CachedOperation<Object> op = CachedOperation.create(cachet, "ns", "r", Object.class, true, false);
      CacheKey key = KeyBuilder.key("ns", "ns/x:1");
      assertSame(CachedOperation.ABSENT, op.peek(key));
      // No lease was left behind: a loading get computes at once instead of waiting for one.
      Object found = op.get(key);
      assertTrue(found instanceof Load);
      ((Load) found).abandon();
      assertTrue(op.set(key, "one"));
      assertEquals("one", op.peek(key));
      assertTrue(op.set(key, null));
      assertNull(op.peek(key));
      cachet.invalidateAll("ns");
      assertSame(CachedOperation.ABSENT, op.peek(key));
      assertTrue(op.set(key, "two"));
      cachet.invalidate(key);
      assertSame(CachedOperation.ABSENT, op.peek(key));
    }
  }

  @Test
  void setOverALeaseMakesTheHoldersStoreFail() {
    try (Cachet cachet = cachet()) {
      CachedOperation<Object> op = CachedOperation.create(cachet, "ns", "r", Object.class, true, false);
      CacheKey key = KeyBuilder.key("ns", "ns/x:2");
      Load load = (Load) op.get(key);
      assertTrue(op.set(key, "put"));
      op.put(load, "loaded");
      assertEquals("put", op.peek(key));
    }
  }

  @Test
  void nullIsNotStoredWhenNullsAreNotCached() {
    try (Cachet cachet = cachet()) {
      CachedOperation<Object> op = CachedOperation.create(cachet, "ns", "r", Object.class, false, false);
      CacheKey key = KeyBuilder.key("ns", "ns/x:3");
      assertFalse(op.set(key, null));
      assertSame(CachedOperation.ABSENT, op.peek(key));
    }
  }

  @Test
  void packagesAreAllowedWithTheirSubpackagesOnly() {
    ClassAllowlist list = new ClassAllowlist();
    assertFalse(list.allows("com.acme.model.User"));
    list.allowPackage("com.acme");
    assertTrue(list.allows("com.acme.User"));
    assertTrue(list.allows("com.acme.model.User"));
    assertTrue(list.allows("[Lcom.acme.User;"));
    assertFalse(list.allows("com.acmex.Evil"));
    assertThrows(IllegalArgumentException.class, () -> list.allowPackage("java.util"));
    assertThrows(IllegalArgumentException.class, () -> list.allowPackage("java"));
    assertThrows(IllegalArgumentException.class, () -> list.allowPackage("org.apache.fory.serializer"));
    assertThrows(IllegalArgumentException.class, () -> list.allowPackage(""));
  }

  @Test
  void aValueOfAnAllowedPackageRoundTrips() {
    try (Cachet cachet = cachet()) {
      CachedOperation<Object> op = CachedOperation.create(cachet, "ns", "r", Object.class, true, false);
      CacheKey key = KeyBuilder.key("ns", "ns/x:4");
      // Refused before its package is allowed: not stored, never thrown.
      assertFalse(op.set(key, new Point(1, 2)));
      CachedOperation.allowPackage(cachet, Point.class.getPackageName());
      assertTrue(op.set(key, new Point(1, 2)));
      assertEquals(new Point(1, 2), op.peek(key));
    }
  }
}
