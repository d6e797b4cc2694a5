package dev.cachet.runtime.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.KeyBuilder;
import dev.cachet.runtime.spi.Transport;
import dev.cachet.runtime.spi.Transport.Versioned;
import dev.cachet.runtime.spi.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Transport} shares, run against each implementation by a subclass.
 * Keys carry a per-test prefix so a shared server needs no flush between tests.
 */
abstract class TransportContractTest {
  /** memcached 1.6.18 with the default {@code -I 1m}: key plus value bytes of the largest item. */
  static final int ITEM_LIMIT_BYTES = 1_048_517;

  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";

  /** The transport under test; the same instance for the whole test method. */
  abstract Transport transport();

  /** Returns once an item stored just before with {@code expiry} has expired in the store. */
  abstract void waitPast(Duration expiry);

  /**
   * {@link #waitPast} for a memcached server: its clock ticks once a second, so an item stored
   * with {@code expiry} may live up to a second longer.
   */
  static void sleepPastServerExpiry(Duration expiry) {
    try {
      Thread.sleep(expiry.plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an item to expire", e);
    }
  }

  String key(String suffix) {
    return prefix + suffix;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  byte[] get(String key) {
    return transport().getAll(List.of(key)).get(key);
  }

  @Test
  void aSetValueIsReadBack() {
    transport().set(key("a"), bytes("alpha"), Duration.ZERO);
    assertArrayEquals(bytes("alpha"), get(key("a")));
  }

  @Test
  void anAbsentKeyIsAbsentFromTheResult() {
    Map<String, byte[]> found = transport().getAll(List.of(key("never-set")));
    assertTrue(found.isEmpty(), () -> "found " + found.keySet());
  }

  @Test
  void setOverwrites() {
    transport().set(key("a"), bytes("one"), Duration.ZERO);
    transport().set(key("a"), bytes("two"), Duration.ZERO);
    assertArrayEquals(bytes("two"), get(key("a")));
  }

  @Test
  void addStoresOnlyWhenAbsent() {
    assertTrue(transport().add(key("lock"), bytes("first"), Duration.ofMinutes(1)));
    assertFalse(transport().add(key("lock"), bytes("second"), Duration.ofMinutes(1)));
    assertArrayEquals(bytes("first"), get(key("lock")));
  }

  @Test
  void deleteRemovesAndSaysWhetherSomethingWasThere() {
    transport().set(key("a"), bytes("alpha"), Duration.ZERO);
    assertTrue(transport().delete(key("a")));
    assertNull(get(key("a")));
    assertFalse(transport().delete(key("a")));
  }

  @Test
  void addSucceedsAgainAfterDelete() {
    assertTrue(transport().add(key("lock"), bytes("first"), Duration.ofMinutes(1)));
    assertTrue(transport().delete(key("lock")));
    assertTrue(transport().add(key("lock"), bytes("second"), Duration.ofMinutes(1)));
    assertArrayEquals(bytes("second"), get(key("lock")));
  }

  @Test
  void getAllReturnsExactlyThePresentKeys() {
    List<String> keys = new ArrayList<>();
    Map<String, byte[]> stored = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      keys.add(key("k" + i));
      if (i % 3 == 0) {
        stored.put(key("k" + i), bytes("value " + i));
        transport().set(key("k" + i), bytes("value " + i), Duration.ZERO);
      }
    }
    Map<String, byte[]> found = transport().getAll(keys);
    assertEquals(stored.keySet(), found.keySet());
    stored.forEach((k, v) -> assertArrayEquals(v, found.get(k), k));
  }

  @Test
  void getAllOfNoKeysIsEmpty() {
    assertTrue(transport().getAll(List.of()).isEmpty());
  }

  @Test
  void valuesAreOpaqueBytes() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    transport().set(key("binary"), every, Duration.ZERO);
    transport().set(key("empty"), new byte[0], Duration.ZERO);
    assertArrayEquals(every, get(key("binary")));
    assertArrayEquals(new byte[0], get(key("empty")));
  }

  @Test
  void storingCopiesTheCallersBuffer() {
    byte[] buffer = bytes("original");
    transport().set(key("a"), buffer, Duration.ZERO);
    Arrays.fill(buffer, (byte) 'x');
    assertArrayEquals(bytes("original"), get(key("a")));
  }

  @Test
  void everyCharacterKeyBuilderEmitsIsAUsableKey() {
    String longValue = "x".repeat(300);
    List<String> keys =
        List.of(
            key("image/0a1b:alice%20smith"),
            key("ns/f:~"),
            key("ns/f:''"),
            key("ns/f:[1,2]"),
            key("ns/f:{a,b}"),
            key("ns/f:(x,~)"),
            key("ns/f:?some"),
            key("ns/f:!"),
            key("ns/f:#AbC-_09"),
            key("ns/f:%E2%82%AC/lock"),
            KeyBuilder.of("image_list", "00ff").add(longValue).add((Object) null).build().key());
    for (String k : keys) {
      transport().set(k, bytes("v:" + k), Duration.ZERO);
    }
    Map<String, byte[]> found = transport().getAll(keys);
    for (String k : keys) {
      assertArrayEquals(bytes("v:" + k), found.get(k), k);
      assertTrue(transport().delete(k), k);
    }
  }

  @Test
  void aKeyOf250BytesIsUsable() {
    String k = key("");
    k = k + "k".repeat(250 - k.length());
    transport().set(k, bytes("long key"), Duration.ZERO);
    assertArrayEquals(bytes("long key"), get(k));
  }

  @Test
  void aKeyMemcachedWouldRefuseIsRefused() {
    String tooLong = key("") + "k".repeat(251);
    for (String bad : List.of(key("has space"), key("new\nline"), key("tab\t"), tooLong, "")) {
      assertThrows(TransportException.class, () -> transport().set(bad, bytes("x"), Duration.ZERO), bad);
      assertThrows(TransportException.class, () -> transport().add(bad, bytes("x"), Duration.ZERO), bad);
      assertThrows(TransportException.class, () -> transport().gets(bad), bad);
      assertThrows(TransportException.class, () -> transport().cas(bad, bytes("x"), Duration.ZERO, 1), bad);
    }
  }

  @Test
  void theLargestItemMemcachedAcceptsIsStored() {
    String k = tenByteKey();
    byte[] value = new byte[ITEM_LIMIT_BYTES - 10];
    value[0] = 1;
    value[value.length - 1] = 2;
    transport().set(k, value, Duration.ZERO);
    assertArrayEquals(value, get(k));
  }

  @Test
  void oneByteMoreThanMemcachedAcceptsIsRejected() {
    String k = tenByteKey();
    byte[] value = new byte[ITEM_LIMIT_BYTES - 10 + 1];
    TransportException rejected =
        assertThrows(TransportException.class, () -> transport().set(k, value, Duration.ZERO));
    assertTrue(rejected.getMessage().contains("too large"), rejected.getMessage());
    assertNull(get(k));
  }

  @Test
  void aRejectedSetLeavesNoStaleValueBehind() {
    String k = tenByteKey();
    transport().set(k, bytes("old"), Duration.ZERO);
    assertThrows(
        TransportException.class,
        () -> transport().set(k, new byte[ITEM_LIMIT_BYTES - 10 + 1], Duration.ZERO));
    assertNull(get(k), "memcached unlinks the old item when a set is refused as too large");
  }

  @Test
  void aRejectedAddKeepsTheHeldValue() {
    String k = tenByteKey();
    transport().set(k, bytes("held"), Duration.ZERO);
    assertThrows(
        TransportException.class,
        () -> transport().add(k, new byte[ITEM_LIMIT_BYTES - 10 + 1], Duration.ZERO));
    assertArrayEquals(bytes("held"), get(k));
  }

  @Test
  void aValueOfMaxItemBytesFitsUnderTheLongestKey() {
    String k = key("");
    k = k + "m".repeat(250 - k.length());
    byte[] value = new byte[transport().maxItemBytes()];
    value[value.length - 1] = 7;
    transport().set(k, value, Duration.ZERO);
    assertArrayEquals(value, get(k));
    assertThrows(
        TransportException.class,
        () -> transport().set(key("m"), new byte[ITEM_LIMIT_BYTES], Duration.ZERO));
  }

  @Test
  void getsOfAnAbsentKeyIsNull() {
    assertNull(transport().gets(key("never-set")));
  }

  @Test
  void getsReturnsTheValueAndAnId() {
    transport().set(key("a"), bytes("alpha"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    assertArrayEquals(bytes("alpha"), read.value());
    assertNotEquals(0, read.casId(), "0 is no id: memcached's CAS uniques start at 1");
  }

  @Test
  void readingAnItemKeepsItsId() {
    transport().set(key("a"), bytes("alpha"), Duration.ZERO);
    long first = transport().gets(key("a")).casId();
    get(key("a"));
    assertEquals(first, transport().gets(key("a")).casId());
  }

  @Test
  void casWithTheCurrentIdStores() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    assertTrue(transport().cas(key("a"), bytes("new"), Duration.ZERO, read.casId()));
    assertArrayEquals(bytes("new"), get(key("a")));
  }

  @Test
  void aCasIdIsStaleAfterASet() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    transport().set(key("a"), bytes("set since"), Duration.ZERO);
    assertFalse(transport().cas(key("a"), bytes("late"), Duration.ZERO, read.casId()));
    assertArrayEquals(bytes("set since"), get(key("a")));
  }

  @Test
  void aCasIdIsStaleAfterAnotherCas() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    assertTrue(transport().cas(key("a"), bytes("first"), Duration.ZERO, read.casId()));
    assertFalse(transport().cas(key("a"), bytes("second"), Duration.ZERO, read.casId()));
    assertArrayEquals(bytes("first"), get(key("a")));
  }

  @Test
  void aCasIdIsStaleAfterADelete() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    assertTrue(transport().delete(key("a")));
    assertFalse(transport().cas(key("a"), bytes("late"), Duration.ZERO, read.casId()));
    assertNull(get(key("a")));
  }

  @Test
  void aCasIdIsStaleAfterTheKeyIsDeletedAndAddedAgainWithTheSameBytes() {
    assertTrue(transport().add(key("lease"), bytes("placeholder"), Duration.ofMinutes(1)));
    Versioned read = transport().gets(key("lease"));
    assertTrue(transport().delete(key("lease")));
    assertTrue(transport().add(key("lease"), bytes("placeholder"), Duration.ofMinutes(1)));
    assertFalse(transport().cas(key("lease"), bytes("late"), Duration.ZERO, read.casId()));
    assertArrayEquals(bytes("placeholder"), get(key("lease")));
  }

  @Test
  void aCasIdIsStaleAfterExpiry() {
    transport().set(key("a"), bytes("old"), Duration.ofSeconds(2));
    Versioned read = transport().gets(key("a"));
    assertNotNull(read);
    waitPast(Duration.ofSeconds(2));
    assertFalse(transport().cas(key("a"), bytes("late"), Duration.ZERO, read.casId()));
    assertNull(get(key("a")));
  }

  @Test
  void touchKeepsTheBytesAndTheCasIdAndGivesANewExpiry() {
    transport().set(key("a"), bytes("lease"), Duration.ofSeconds(2));
    Versioned before = transport().gets(key("a"));
    assertTrue(transport().touch(key("a"), Duration.ofSeconds(30)));
    Versioned after = transport().gets(key("a"));
    assertArrayEquals(bytes("lease"), after.value());
    assertEquals(before.casId(), after.casId(), "a renewed lease is still the one its holder holds");
    waitPast(Duration.ofSeconds(2));
    assertArrayEquals(bytes("lease"), get(key("a")), "the new expiry replaced the old one");
    assertTrue(transport().cas(key("a"), bytes("value"), Duration.ZERO, before.casId()));
  }

  @Test
  void touchOfAnAbsentKeyIsFalse() {
    assertFalse(transport().touch(key("nothing"), Duration.ofSeconds(30)));
  }

  @Test
  void aValueStoredByCasExpiresWithItsExpiry() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    Versioned read = transport().gets(key("a"));
    assertTrue(transport().cas(key("a"), bytes("brief"), Duration.ofSeconds(2), read.casId()));
    assertArrayEquals(bytes("brief"), get(key("a")));
    waitPast(Duration.ofSeconds(2));
    assertNull(get(key("a")));
  }

  @Test
  void theLeasePatternStoresTheComputedValueOverItsPlaceholder() {
    assertTrue(transport().add(key("entry"), bytes("placeholder"), Duration.ofSeconds(30)));
    Versioned lease = transport().gets(key("entry"));
    assertArrayEquals(bytes("placeholder"), lease.value());
    assertTrue(transport().cas(key("entry"), bytes("computed"), Duration.ofMinutes(10), lease.casId()));
    assertArrayEquals(bytes("computed"), get(key("entry")));
  }

  @Test
  void ofTwoConcurrentCasWithOneIdExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String k = key("race" + round);
        transport().set(k, bytes("old"), Duration.ZERO);
        long id = transport().gets(k).casId();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (String mine : List.of("left", "right")) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return transport().cas(k, bytes(mine), Duration.ZERO, id);
                  }));
        }
        start.countDown();
        boolean left = results.get(0).get(10, TimeUnit.SECONDS);
        boolean right = results.get(1).get(10, TimeUnit.SECONDS);
        assertTrue(left ^ right, "round " + round + ": left " + left + ", right " + right);
        assertArrayEquals(bytes(left ? "left" : "right"), get(k), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCasIdOfZeroNeverStores() {
    transport().set(key("a"), bytes("old"), Duration.ZERO);
    assertFalse(transport().cas(key("a"), bytes("new"), Duration.ZERO, 0));
    assertFalse(transport().cas(key("absent"), bytes("new"), Duration.ZERO, 0));
    assertArrayEquals(bytes("old"), get(key("a")));
    assertNull(get(key("absent")));
  }

  @Test
  void aCasTooLargeIsRefusedAsASetIs() {
    String k = tenByteKey();
    transport().set(k, bytes("held"), Duration.ZERO);
    long id = transport().gets(k).casId();
    TransportException rejected =
        assertThrows(
            TransportException.class,
            () -> transport().cas(k, new byte[ITEM_LIMIT_BYTES - 10 + 1], Duration.ZERO, id));
    assertTrue(rejected.getMessage().contains("too large"), rejected.getMessage());
  }

  @Test
  void aCasRefusedAsTooLargeKeepsTheHeldItem() {
    String k = tenByteKey();
    transport().set(k, bytes("held"), Duration.ZERO);
    Versioned read = transport().gets(k);
    assertThrows(
        TransportException.class,
        () -> transport().cas(k, new byte[ITEM_LIMIT_BYTES - 10 + 1], Duration.ZERO, read.casId()));
    // Unlike a refused set: memcached's text protocol unlinks the old item for "set" only.
    assertArrayEquals(bytes("held"), get(k));
    assertTrue(transport().cas(k, bytes("fits"), Duration.ZERO, read.casId()), "the held item was replaced");
  }

  @Test
  void theLargestItemMemcachedAcceptsIsStoredByCas() {
    String k = tenByteKey();
    transport().set(k, bytes("held"), Duration.ZERO);
    byte[] value = new byte[ITEM_LIMIT_BYTES - 10];
    value[value.length - 1] = 3;
    assertTrue(transport().cas(k, value, Duration.ZERO, transport().gets(k).casId()));
    assertArrayEquals(value, get(k));
  }

  private String tenByteKey() {
    String k = prefix.substring(0, 9) + "z";
    assertEquals(10, k.length());
    return k;
  }
}
