package dev.cachet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.CachedOperation;
import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.PermissiveForySerializer;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.Vector;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK classes Apache Fory reads on its own (by its built-in registrations) that were read back
 * as hits from an {@code Object} field although the allowlist does not hold them. Written by a
 * writer without any allowlist, as an attacker who can write memcached would; read through
 * {@link Cachet}: each is a miss counted as an {@code ALLOWLIST} decode failure, the delegate
 * answers, and none of the class's code runs.
 */
class BuiltInGadgetsTest {
  /** A cached type with a field any class fits in. */
  record Note(String id, Object body) {}

  /**
   * A comparator whose code leaves a mark: a class of the application, on the allowlist for some
   * other reason, that an attacker puts into a {@code PriorityQueue} rebuilt by the reader.
   */
  static final class MarkingComparator implements Comparator<String>, Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean COMPARED = new AtomicBoolean();

    @Override
    public int compare(String left, String right) {
      COMPARED.set(true);
      return left.compareTo(right);
    }
  }

  private final InMemoryTransport shared = new InMemoryTransport();

  private Cachet writer() {
    return Cachet.builder()
        .transport(new SharedTransport(shared))
        .serializer(new PermissiveForySerializer())
        .region("long_term", Duration.ofHours(1))
        .build();
  }

  private Cachet reader(Class<?>... allowed) {
    Cachet cachet =
        Cachet.builder()
            .transport(new SharedTransport(shared))
            .region("long_term", Duration.ofHours(1))
            .allowClasses(allowed)
            .build();
    CachedOperation.allow(cachet, BuiltInGadgetsTest.class, Note.class, MarkingComparator.class); // as a decorator would
    return cachet;
  }

  private static PriorityQueue<String> queueWithComparator() {
    PriorityQueue<String> queue = new PriorityQueue<>(new MarkingComparator());
    queue.addAll(List.of("b", "a", "c"));
    return queue;
  }

  static Stream<Arguments> gadgets() {
    return Stream.of(
        gadget("PriorityQueue with a comparator", BuiltInGadgetsTest::queueWithComparator),
        gadget("Vector", () -> new Vector<>(List.of("v"))),
        gadget("AtomicReference", () -> new AtomicReference<>("r")),
        gadget("java.sql.Timestamp", () -> new Timestamp(0)),
        gadget("Pattern", () -> Pattern.compile("(a+)+$")),
        gadget("IllegalStateException", () -> new IllegalStateException("planted")),
        gadget("StringBuilder", () -> new StringBuilder("planted")),
        gadget("LinkedBlockingQueue", () -> new LinkedBlockingQueue<>(List.of("q"))),
        gadget("CopyOnWriteArraySet", () -> new CopyOnWriteArraySet<>(List.of("s"))),
        gadget(
            "Collections.synchronizedList of an ArrayList",
            () -> Collections.synchronizedList(new ArrayList<>(List.of("l")))),
        gadget(
            "Collections.synchronizedList of a LinkedList",
            () -> Collections.synchronizedList(new LinkedList<>(List.of("l")))));
  }

  private static Arguments gadget(String name, Supplier<Object> body) {
    return Arguments.of(name, body);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gadgets")
  void aBuiltInOffTheListInAnObjectFieldIsACountedAllowlistMiss(String name, Supplier<Object> body) {
    CacheKey key = Decorated.key("note", "n");
    Object planted = body.get();
    try (Cachet attacker = writer();
        Cachet victim = reader()) {
      Decorated.of(attacker, "note", "long_term", Note.class).get(key, () -> new Note("n", planted));
      assertEquals(1, attacker.statistics().namespace("note").stores(), "the planted entry is stored");
      MarkingComparator.COMPARED.set(false);

      Decorated<Note> notes = Decorated.of(victim, "note", "long_term", Note.class);
      Note fresh = new Note("n", "from the delegate");
      assertEquals(fresh, notes.get(key, () -> fresh));
      assertEquals(1, notes.delegateCalls.get());
      CacheStatistics.Counts counts = victim.statistics().namespace("note");
      assertEquals(0, counts.hits());
      assertEquals(Map.of("ALLOWLIST", 1L), counts.decodeFailures());
      assertFalse(MarkingComparator.COMPARED.get(), "the planted comparator ran in the reader");
    }
  }

  @Test
  void aPriorityQueueAllowedOnPurposeIsRead() {
    CacheKey key = Decorated.key("note", "q");
    try (Cachet attacker = writer();
        Cachet victim = reader(PriorityQueue.class)) {
      Decorated.of(attacker, "note", "long_term", Note.class)
          .get(key, () -> new Note("q", queueWithComparator()));
      MarkingComparator.COMPARED.set(false);

      Decorated<Note> notes = Decorated.of(victim, "note", "long_term", Note.class);
      Note read = notes.get(key, () -> null);
      assertEquals(0, notes.delegateCalls.get(), victim.statistics().format());
      assertEquals(List.of("a", "b", "c"), drain((PriorityQueue<?>) read.body()));
      // The user's choice: rebuilding the queue runs its comparator, as it would anywhere.
      assertTrue(MarkingComparator.COMPARED.get());
    }
  }

  @Test
  void aSortedMapInReverseOrderNeedsNoAllowing() {
    CacheKey key = Decorated.key("note", "t");
    TreeMap<String, Integer> reversed = new TreeMap<>(Collections.reverseOrder());
    reversed.putAll(Map.of("a", 1, "b", 2));
    try (Cachet cachet = reader()) {
      Decorated<Note> notes = Decorated.of(cachet, "note", "long_term", Note.class);
      notes.get(key, () -> new Note("t", reversed));
      Note read = notes.get(key, () -> null);
      assertEquals(1, notes.delegateCalls.get(), cachet.statistics().format());
      assertEquals(List.of("b", "a"), new ArrayList<>(((TreeMap<?, ?>) read.body()).keySet()));
    }
  }

  private static List<Object> drain(PriorityQueue<?> queue) {
    List<Object> drained = new ArrayList<>();
    while (!queue.isEmpty()) {
      drained.add(queue.poll());
    }
    return drained;
  }
}
