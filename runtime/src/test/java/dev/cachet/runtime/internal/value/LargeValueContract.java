package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachet.runtime.internal.value.ValueException.Reason;
import dev.cachet.runtime.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Large values through a real transport: the in-memory one and real memcached run the same tests.
 * Values are incompressible so that their size is their stored size; each test holds at most a
 * few of them at once so the 30 MB case stays within a default test heap.
 */
abstract class LargeValueContract {
  static final int MB = 1_000_000;

  /** The transport under test, with memcached's default item size. */
  abstract Transport transport();

  private ValueStore store() {
    return new ValueStore(transport(), new ForySerializer(), ValueSettings.defaults());
  }

  static byte[] incompressible(int length, long seed) {
    byte[] value = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i += 8) {
      long bits = random.nextLong();
      for (int b = 0; b < 8 && i + b < length; b++) {
        value[i + b] = (byte) (bits >>> (8 * b));
      }
    }
    return value;
  }

  private StoredValue fetch(ValueStore store, String key) throws ValueException {
    byte[] entry = transport().getAll(List.of(key)).get(key);
    if (entry == null) {
      fail("entry " + key + " is absent");
    }
    return store.read(key, entry);
  }

  private void roundTrip(int size, boolean chunked) throws ValueException {
    ValueStore store = store();
    String key = "blob/f:" + size;
    byte[] value = incompressible(size, size);
    WriteResult written = store.write(key, value, 77, Duration.ofMinutes(5));
    assertEquals(chunked, written.chunks() > 0, written.toString());
    StoredValue read = fetch(store, key);
    assertArrayEquals(value, (byte[]) read.value());
    assertEquals(77, read.generation());
    assertEquals(written.chunks(), read.chunks());
    assertEquals(written.storedBytes(), read.storedBytes());
  }

  @Test
  void nineTenthsOfAMegabyteIsStoredWhole() throws ValueException {
    roundTrip(900_000, false);
  }

  @Test
  void oneMegabyteIsStoredWhole() throws ValueException {
    roundTrip(MB, false);
  }

  @Test
  void oneMebibyteIsJustOverAnItemAndChunked() throws ValueException {
    roundTrip(1 << 20, true);
  }

  @Test
  void fiveMegabytesRoundTripInChunks() throws ValueException {
    roundTrip(5 * MB, true);
  }

  @Test
  void twelveMegabytesRoundTripInChunks() throws ValueException {
    roundTrip(12 * MB, true);
  }

  @Test
  void thirtyMegabytesRoundTripInChunks() throws ValueException {
    roundTrip(30 * MB, true);
  }

  @Test
  void aThreeMegabyteCompressibleListIsStoredWholeUnderOneMegabyte() throws ValueException {
    List<String> lines = new ArrayList<>();
    int serialized = 0;
    for (int i = 0; serialized < 3 * MB; i++) {
      String line = "image ami-" + (i % 997) + " owner platform state available arch x86_64 #" + i;
      lines.add(line);
      serialized += line.length() + 2;
    }
    ValueStore store = store();
    WriteResult written = store.write("list/f:big", lines, 1, Duration.ofMinutes(5));
    assertTrue(written.serializedBytes() >= 3 * MB, written.toString());
    assertTrue(written.compressed());
    assertEquals(0, written.chunks(), written.toString());
    assertTrue(written.storedBytes() < MB, written.toString());
    assertEquals(lines, fetch(store, "list/f:big").value());
  }

  @Test
  void aChunkDeletedBehindTheCacheIsAMissingChunk() throws ValueException {
    ValueStore store = store();
    store.write("blob/f:deleted", incompressible(3 * MB, 3), 1, Duration.ofMinutes(5));
    byte[] manifest = transport().getAll(List.of("blob/f:deleted")).get("blob/f:deleted");
    List<String> chunks = StoredLayout.chunkKeys("blob/f:deleted", manifest);
    assertEquals(3, chunks.size());
    assertTrue(transport().delete(chunks.get(2)));
    ValueException failure = assertThrows(ValueException.class, () -> store.read("blob/f:deleted", manifest));
    assertEquals(Reason.MISSING_CHUNK, failure.reason());
  }

  @Test
  void aCorruptedChunkIsAChecksumFailure() throws ValueException {
    ValueStore store = store();
    store.write("blob/f:corrupt", incompressible(2 * MB, 4), 1, Duration.ofMinutes(5));
    byte[] manifest = transport().getAll(List.of("blob/f:corrupt")).get("blob/f:corrupt");
    String chunk = StoredLayout.chunkKeys("blob/f:corrupt", manifest).get(1);
    byte[] bytes = transport().getAll(List.of(chunk)).get(chunk).clone();
    bytes[bytes.length / 2] ^= 0x01;
    transport().set(chunk, bytes, Duration.ofMinutes(5));
    ValueException failure = assertThrows(ValueException.class, () -> store.read("blob/f:corrupt", manifest));
    assertEquals(Reason.CHECKSUM, failure.reason());
  }

  /**
   * Two writers race different large values into one key while readers read: every successful
   * read is one of the two values, whole. A read may miss (its chunks evicted by the writers'
   * later values), never mix.
   */
  @Test
  void racingWritersNeverMixTheirChunks() throws Exception {
    String key = "blob/f:raced";
    byte[] first = incompressible(2 * MB + 12_345, 5);
    byte[] second = incompressible(2 * MB + 12_345, 6);
    ValueStore store = store();
    store.write(key, first, 1, Duration.ofMinutes(5));

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger firstSeen = new AtomicInteger();
    AtomicInteger secondSeen = new AtomicInteger();
    AtomicInteger misses = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    CountDownLatch writersDone = new CountDownLatch(2);
    List<Thread> threads = new ArrayList<>();
    for (byte[] value : List.of(first, second)) {
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 12; i++) {
                    store.write(key, value, 1, Duration.ofMinutes(5));
                  }
                } catch (Throwable failure) {
                  problems.add("writer: " + failure);
                } finally {
                  writersDone.countDown();
                }
              }));
    }
    for (int r = 0; r < 2; r++) {
      threads.add(
          new Thread(
              () -> {
                // Read at least a few times, and on until both writers are done.
                for (int i = 0; writing.get() || i < 5; i++) {
                  try {
                    byte[] read = (byte[]) fetch(store, key).value();
                    if (Arrays.equals(read, first)) {
                      firstSeen.incrementAndGet();
                    } else if (Arrays.equals(read, second)) {
                      secondSeen.incrementAndGet();
                    } else {
                      problems.add("a read returned a value that is neither writer's");
                    }
                  } catch (ValueException miss) {
                    if (miss.reason() != Reason.MISSING_CHUNK) {
                      problems.add("reader: " + miss);
                    }
                    misses.incrementAndGet();
                  } catch (Throwable failure) {
                    problems.add("reader: " + failure);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    assertTrue(writersDone.await(60, TimeUnit.SECONDS), "writers did not finish");
    writing.set(false);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertTrue(problems.isEmpty(), problems.toString());
    assertTrue(firstSeen.get() + secondSeen.get() > 0, "no read succeeded; misses: " + misses);

    byte[] last = (byte[]) fetch(store, key).value();
    assertTrue(Arrays.equals(last, first) || Arrays.equals(last, second));
  }
}
