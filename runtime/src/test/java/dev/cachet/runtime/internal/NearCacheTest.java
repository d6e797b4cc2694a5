package dev.cachet.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.testing.FaultyTransport;
import dev.cachet.runtime.testing.MutableClock;
import dev.cachet.runtime.testing.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Cachet.Builder#nearCache}: hits answered with the stored instance, by the calls generated
 * code makes ({@code near(...)}, then {@code get(key, ...)} and {@code put}), and never a value
 * that an invalidation, the fresh period or a failed store says is gone.
 */
class NearCacheTest {
  private static final String NS = "near";

  private final MutableClock clock = MutableClock.fixed();
  private final InMemoryTransport store = new InMemoryTransport(clock);
  private final List<Cachet> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(Cachet::close);
  }

  private Cachet cachet(int slots) {
    Cachet cachet =
        Cachet.builder()
            .transport(store)
            .clock(clock)
            .nearCache(slots)
            .region("r", Duration.ofMinutes(1), r -> r.staleWindow(Duration.ofMinutes(1)))
            .maxValueSize(10_000)
            .build();
    opened.add(cachet);
    return cachet;
  }

  private static CacheKey key(Object... arguments) {
    KeyBuilder key = KeyBuilder.of(NS, "0");
    for (Object argument : arguments) {
      key.add(argument);
    }
    return key.build();
  }

  /** The generated body of a method with two scalar key parameters. */
  private static Object call(CachedOperation<Object> operation, String a, int b, Object answer) {
    Object found = operation.near(a, b);
    if (found == CachedOperation.NOT_NEAR) {
      found = operation.get(key(a, b), a, b);
    }
    if (!(found instanceof Load load)) {
      return operation.hit(found);
    }
    operation.put(load, answer);
    return answer;
  }

  private static CachedOperation<Object> operation(Cachet cachet) {
    return CachedOperation.create(cachet, NS, "r", Object.class, true);
  }

  @Test
  void aStoredValueIsReturnedItselfWithoutReadingTheStore() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    List<String> computed = new ArrayList<>(List.of("v"));

    assertSame(computed, call(operation, "a", 1, computed));
    // Behind Cachet's back: were the store read, this would be a miss.
    store.delete(key("a", 1).key());

    assertSame(computed, call(operation, new String("a"), 1, "other"));
    assertEquals(1, cachet.statistics().totals().nearHits());
    assertEquals(1, cachet.statistics().totals().hits());
    assertEquals(0, cachet.statistics().totals().hitBytes());
  }

  @Test
  void aValueReadFromTheStoreIsKeptForTheNextHit() {
    Cachet writer = cachet(64);
    call(operation(writer), "a", 1, List.of("v"));
    CachedOperation<Object> reader = operation(cachet(64));

    Object decoded = call(reader, "a", 1, "other");
    assertEquals(List.of("v"), decoded);
    assertSame(decoded, call(reader, "a", 1, "other"));
  }

  @Test
  void everyArityAndTheKeyStringFindTheirOwnEntries() {
    CachedOperation<Object> operation = operation(cachet(64));
    Object[] four = {"a", 1, 2L, 'c'};
    for (int round = 0; round < 2; round++) {
      Object one = operation.near("a");
      Object two = operation.near("a", 1);
      Object three = operation.near("a", 1, 2L);
      Object many = operation.near(four.clone());
      if (round == 0) {
        assertSame(CachedOperation.NOT_NEAR, one);
        assertSame(CachedOperation.NOT_NEAR, two);
        assertSame(CachedOperation.NOT_NEAR, three);
        assertSame(CachedOperation.NOT_NEAR, many);
        operation.put((Load) operation.get(key("a"), "a"), "1");
        operation.put((Load) operation.get(key("a", 1), "a", 1), "2");
        operation.put((Load) operation.get(key("a", 1, 2L), "a", 1, 2L), "3");
        operation.put((Load) operation.get(key(four), four.clone()), "4");
        operation.put((Load) operation.get(key("by string")), "5");
      } else {
        assertEquals(List.of("1", "2", "3", "4"), List.of(one, two, three, many));
        assertEquals("5", operation.get(key("by string")));
      }
    }
    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 2));
    assertSame(CachedOperation.NOT_NEAR, operation.near("b", 1, 2L));
  }

  @Test
  void aCachedNullIsANearHit() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    call(operation, "a", 1, null);

    assertNull(operation.near("a", 1));
    assertEquals(1, cachet.statistics().totals().nearHits());
  }

  @Test
  void invalidateAndInvalidateAllAreSeenAtTheNextCall() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    call(operation, "a", 1, "first");
    call(operation, "b", 2, "b");

    cachet.invalidate(key("a", 1));
    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
    assertEquals("second", call(operation, "a", 1, "second"));
    assertEquals("second", call(operation, "a", 1, "third"));

    cachet.invalidateAll(NS);
    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
    assertSame(CachedOperation.NOT_NEAR, operation.near("b", 2));
    assertEquals("fourth", call(operation, "a", 1, "fourth"));
  }

  @Test
  void aValueComputedWhileTheKeyWasInvalidatedIsNotKept() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    Load load = assertInstanceOf(Load.class, operation.get(key("a", 1), "a", 1));

    // The delegate was reading the old state when the invalidation came.
    cachet.invalidate(key("a", 1));
    operation.put(load, "computed before the invalidation");

    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
  }

  @Test
  void onlyFreshValuesAreServedAndTheStaleWindowGoesThroughTheStore() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    call(operation, "a", 1, "v");

    clock.advance(Duration.ofSeconds(59));
    assertEquals("v", operation.near("a", 1));
    clock.advance(Duration.ofSeconds(1));
    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
    // Stale: the pipeline answers, and one caller is sent to refresh.
    assertInstanceOf(Load.class, operation.get(key("a", 1), "a", 1));
    assertEquals("v", operation.get(key("a", 1), "a", 1));
    assertEquals(1, cachet.statistics().totals().staleHits());
  }

  @Test
  void aValueTheStoreRefusedIsNotKept() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    byte[] random = new byte[50_000];
    new java.util.Random(1).nextBytes(random);

    call(operation, "big", 1, random);

    assertSame(CachedOperation.NOT_NEAR, operation.near("big", 1));
    assertEquals(1, cachet.statistics().totals().oversizeValues());
  }

  @Test
  void keysSharingASlotReplaceEachOtherButNeverAnswerForEachOther() {
    CachedOperation<Object> operation = operation(cachet(1));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) {
        assertEquals("value " + i, call(operation, "k", i, "value " + i));
      }
    }
  }

  @Test
  void afterCloseNothingIsServedFromIt() {
    Cachet cachet = cachet(64);
    CachedOperation<Object> operation = operation(cachet);
    call(operation, "a", 1, "v");

    cachet.close();

    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
  }

  @Test
  void withTheSystemClockAnEntryStopsBeingServedAfterItsFreshPeriod() throws Exception {
    Cachet cachet =
        Cachet.builder().nearCache(16).region("r", Duration.ofMillis(200)).build();
    opened.add(cachet);
    CachedOperation<Object> operation = operation(cachet);
    long started = System.nanoTime();
    call(operation, "a", 1, "v");
    Object early = operation.near("a", 1);
    long earlyMillis = (System.nanoTime() - started) / 1_000_000;

    // The subject is the system clock: real time must pass, so the test polls until it has.
    Waiting.eventually(Duration.ofSeconds(5), () -> operation.near("a", 1) == CachedOperation.NOT_NEAR);
    long goneMillis = (System.nanoTime() - started) / 1_000_000;

    if (earlyMillis < 150) {
      assertEquals("v", early, "served within its fresh period");
    }
    assertSame(CachedOperation.NOT_NEAR, operation.near("a", 1), "still served after 5 s");
    assertTrue(goneMillis >= 190, "gone after " + goneMillis + " ms, before its 200 ms");
  }

  @Test
  void itsArgumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Cachet.builder().nearCache(0));
    assertThrows(
        IllegalArgumentException.class, () -> Cachet.builder().nearCache(1, Duration.ofMillis(3)));
    assertThrows(IllegalStateException.class, () -> Cachet.builder().nearCache(1).nearCache(2));
  }

  @Test
  void propertiesTurnItOn() {
    Properties properties = new Properties();
    properties.setProperty("cachet.near-cache", "8");
    properties.setProperty("cachet.region.r.expire", "60");
    Cachet cachet = Cachet.fromProperties(properties);
    opened.add(cachet);
    CachedOperation<Object> operation = operation(cachet);
    List<String> value = List.of("v");
    call(operation, "a", 1, value);

    assertSame(value, call(operation, "a", 1, "other"));
    assertNotSame(CachedOperation.NOT_NEAR, operation.near("a", 1));
  }
}
