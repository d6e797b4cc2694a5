package dev.cachet.runtime.internal.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.transport.InMemoryTransport;
import dev.cachet.runtime.internal.value.PermissiveForySerializer.Planted;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.fory.resolver.ClassResolver;
import org.apache.fory.serializer.JdkProxySerializer;
import org.apache.fory.serializer.LambdaSerializer;
import org.apache.fory.serializer.ReplaceResolveSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every class Fory registers by default, planted in an {@code Object} field by a writer without
 * an allowlist, against Cachet's reader: outside {@link ClassAllowlist#JDK_CLASSES} it is an
 * {@code ALLOWLIST} refusal naming that class, inside it reads back. The classes come from
 * Fory's resolver at test time, so a Fory upgrade that registers more is checked too.
 */
class ForyBuiltInClassesTest {
  /** The attacker's vehicle: a cached type with a field any class fits in. */
  record Note(String id, Object body) {}

  /** An enum with more than 64 constants: its {@code EnumSet} is a {@code JumboEnumSet}. */
  enum Many {
    M00, M01, M02, M03, M04, M05, M06, M07, M08, M09, M10, M11, M12, M13, M14, M15, M16, M17,
    M18, M19, M20, M21, M22, M23, M24, M25, M26, M27, M28, M29, M30, M31, M32, M33, M34, M35,
    M36, M37, M38, M39, M40, M41, M42, M43, M44, M45, M46, M47, M48, M49, M50, M51, M52, M53,
    M54, M55, M56, M57, M58, M59, M60, M61, M62, M63, M64
  }

  /** A JDK proxy's handler the permissive writer can serialize. */
  record Handler(String name) implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return null;
    }
  }

  /** Its writeReplace hands Fory another object, written behind Fory's replace marker. */
  record Replacing(String name) implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object writeReplace() {
      return new PriorityQueue<>(List.of(name));
    }
  }

  private static final String KEY = "note/0f:n";

  private final InMemoryTransport transport = new InMemoryTransport();
  private final PermissiveForySerializer attacker = new PermissiveForySerializer();
  private final ValueStore writer = new ValueStore(transport, attacker, ValueSettings.defaults());
  private final ForySerializer cachet =
      new ForySerializer(ClassAllowlist.of(Note.class, Many.class, Handler.class, Replacing.class));
  private final ValueStore reader = new ValueStore(transport, cachet, ValueSettings.defaults());

  /** The classes Fory registers by default, asked of a Fory instance built as Cachet's is. */
  private List<Class<?>> registeredByFory() {
    List<Class<?>> registered =
        attacker.fory.execute(fory -> ((ClassResolver) fory.getTypeResolver()).getRegisteredClasses());
    assertTrue(registered.size() > 150, "Fory registers its built-ins: " + registered.size());
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> type : registered) {
      // Primitives have no instance; the replace marker is checked by what follows it (below).
      if (!type.isPrimitive() && type != ReplaceResolveSerializer.ReplaceStub.class) {
        classes.add(type);
      }
    }
    classes.sort(Comparator.comparing(Class::getName));
    return classes;
  }

  private boolean allowedByDefault(Class<?> type) {
    return new ClassAllowlist().allows(type.getName());
  }

  private StoredValue readBack(Object written) throws ValueException {
    writer.write(KEY, written, 1, Duration.ZERO);
    return reader.read(KEY, transport.getAll(List.of(KEY)).get(KEY));
  }

  /**
   * The bytes of a note whose body names {@code type} by Fory's id for it: a real note's bytes
   * with the body's one-byte type id changed. What follows is whatever the real body left, so
   * only a reader that refuses on the id alone gets this right.
   */
  private byte[] noteNamingById(Class<?> type) {
    byte[] plain = attacker.serialize(new Note("n", new Object()));
    byte[] other = attacker.serialize(new Note("n", new Vector<>()));
    int at = 0;
    while (plain[at] == other[at]) {
      at++;
    }
    assertEquals(attacker.builtInId(Object.class), plain[at] & 0xff, "the body's type id");
    int id = attacker.builtInId(type);
    assertTrue(id >= 0 && id < 256, "a one-byte id: " + id);
    plain[at] = (byte) id;
    return plain;
  }

  /**
   * A real value of {@code type} that the permissive writer writes and reads back as that class,
   * or {@code null} when the class has none here (Fory's stubs of classes this JDK lacks,
   * {@code Void}, ...).
   */
  private Object realValueOf(Class<?> type) {
    Supplier<Object> known = REFUSED_SAMPLES.get(type.getName());
    Object value = null;
    try {
      if (known != null) {
        value = known.get();
      } else if (type.isArray()) {
        value = Array.newInstance(type.getComponentType(), 0);
      } else if (!Modifier.isAbstract(type.getModifiers())) {
        value = type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | RuntimeException noPublicConstructor) {
      return null;
    }
    // Fory writes a lambda or a JDK proxy as its stub class: the value is then of another class.
    boolean stub = STUBS.contains(type.getName());
    if (value == null || (!stub && value.getClass() != type)) {
      return null;
    }
    try {
      Object back = ((Note) attacker.deserialize(attacker.serialize(new Note("n", value)))).body();
      return back != null && (stub || back.getClass() == type) ? value : null;
    } catch (RuntimeException notWritable) {
      return null;
    }
  }

  @Test
  void everyBuiltInOutsideTheListIsRefusedAsAllowlist() {
    List<String> wrong = new ArrayList<>();
    List<String> byValue = new ArrayList<>();
    List<String> byId = new ArrayList<>();
    for (Class<?> type : registeredByFory()) {
      if (allowedByDefault(type)) {
        continue;
      }
      Object value = realValueOf(type);
      Object planted;
      if (value != null) {
        planted = new Note("n", value);
        byValue.add(type.getName());
      } else {
        planted = new Planted(noteNamingById(type));
        byId.add(type.getName());
      }
      try {
        StoredValue read = readBack(planted);
        wrong.add(type.getName() + " was read: " + read.value());
      } catch (ValueException refused) {
        if (refused.reason() != ValueException.Reason.ALLOWLIST
            || !(refused.getCause() instanceof ClassNotAllowedException notAllowed)
            || !notAllowed.className().equals(type.getName())) {
          wrong.add(type.getName() + ": " + refused.reason() + " " + refused.getMessage());
        }
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(
        byValue.containsAll(
            List.of(
                "java.util.PriorityQueue",
                "java.util.Vector",
                "java.util.concurrent.atomic.AtomicReference",
                "java.sql.Timestamp",
                "java.util.regex.Pattern",
                "java.lang.IllegalStateException",
                "java.lang.StringBuilder",
                "java.util.concurrent.LinkedBlockingQueue",
                "java.util.concurrent.CopyOnWriteArraySet",
                "java.util.Collections$SynchronizedRandomAccessList")),
        "the issue's classes planted as real values: " + byValue);
    System.out.println(
        "Fory built-ins refused: " + byValue.size() + " planted as real values, " + byId.size()
            + " by type id " + byId);
  }

  @Test
  void theRefusalNamesTheExactFix() {
    ValueException refused =
        assertThrows(ValueException.class, () -> readBack(new Note("n", new Vector<>(List.of("v")))));
    assertEquals(ValueException.Reason.ALLOWLIST, refused.reason());
    assertTrue(
        refused
            .getMessage()
            .endsWith(
                "class java.util.Vector is not allowed to be read from the cache; if it is yours, add"
                    + " Cachet.builder().allowClasses(java.util.Vector.class)"),
        refused.getMessage());
  }

  @Test
  void everyBuiltInInsideTheListReadsBack() throws ValueException {
    int checked = 0;
    for (Class<?> type : registeredByFory()) {
      if (!allowedByDefault(type)) {
        continue;
      }
      Object value = allowedSampleOf(type);
      assertEquals(type, value.getClass(), "the sample of " + type.getName());
      Note read = (Note) readBack(new Note("n", value)).value();
      assertEquals(comparable(value), comparable(read.body()), type.getName());
      // Fory may read a view back as a plain value (List.of(...).subList(...) as a List.of).
      assertTrue(allowedByDefault(read.body().getClass()), type.getName());
      checked++;
    }
    assertTrue(checked > 70, "allowed built-ins read back: " + checked);
  }

  @Test
  void everyJdkClassOfTheDefaultListReadsBack() throws Exception {
    int checked = 0;
    for (String name : ClassAllowlist.JDK_CLASSES) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      Supplier<Object> sample = ALLOWED_SAMPLES.get(name);
      assertTrue(sample != null, "a sample of " + name);
      Object value = sample.get();
      assertEquals(type, value.getClass(), "the sample of " + name);
      // Written by Cachet's own serializer this time: the list holds what it writes, too.
      ValueStore own = new ValueStore(transport, cachet, ValueSettings.defaults());
      own.write(KEY, new Note("n", value), 1, Duration.ZERO);
      Note read = (Note) reader.read(KEY, transport.getAll(List.of(KEY)).get(KEY)).value();
      assertEquals(comparable(value), comparable(read.body()), name);
      assertTrue(allowedByDefault(read.body().getClass()), name);
      checked++;
    }
    assertTrue(checked > 50, "concrete JDK classes read back: " + checked);
  }

  @Test
  void everyTypeIdInAnObjectFieldIsRefusedOrReadsAsAllowedClasses() throws ValueException {
    byte[] plain = noteNamingById(Object.class);
    int at = 0;
    while (plain[at] != (byte) attacker.builtInId(Object.class)) {
      at++;
    }
    int refused = 0;
    for (int id = 0; id < 256; id++) {
      byte[] planted = plain.clone();
      planted[at] = (byte) id;
      try {
        Object read = readBack(new Planted(planted)).value();
        assertOnlyAllowed(read, cachet.allowlist(), Collections.newSetFromMap(new IdentityHashMap<>()));
      } catch (ValueException failure) {
        refused++;
      }
    }
    assertTrue(refused > 100, "refused ids: " + refused);
  }

  @Test
  void theReplaceMarkerLeadsOnlyToCheckedClasses() {
    // Fory's replace marker is not refused itself: what it stands for comes next and is checked.
    ValueException refused =
        assertThrows(ValueException.class, () -> readBack(new Note("n", new Replacing("r"))));
    assertEquals(ValueException.Reason.ALLOWLIST, refused.reason());
    assertEquals(
        PriorityQueue.class.getName(), ((ClassNotAllowedException) refused.getCause()).className());
  }

  @Test
  void aBuiltInAllowedAfterTheSerializerWasBuiltIsReadAndWritten() throws ValueException {
    Note note = new Note("n", new PriorityQueue<>(List.of("b", "a")));
    assertThrows(ValueException.class, () -> readBack(note));
    ValueStore own = new ValueStore(transport, cachet, ValueSettings.defaults());
    ValueException notStored =
        assertThrows(ValueException.class, () -> own.write(KEY, note, 1, Duration.ZERO));
    assertEquals(ValueException.Reason.ALLOWLIST, notStored.reason());

    cachet.allowlist().allow(PriorityQueue.class);
    Note read = (Note) readBack(note).value();
    assertEquals(List.of("a", "b"), new ArrayList<>((PriorityQueue<?>) read.body()));
    own.write(KEY, note, 1, Duration.ZERO);
    assertInstanceOf(PriorityQueue.class, ((Note) reader.read(KEY, transport.getAll(List.of(KEY)).get(KEY)).value()).body());
  }

  @Test
  void aBuiltInAllowedFromTheStartIsReadAndWritten() throws ValueException {
    ForySerializer withPattern = new ForySerializer(ClassAllowlist.of(Note.class, Pattern.class));
    ValueStore store = new ValueStore(transport, withPattern, ValueSettings.defaults());
    store.write(KEY, new Note("n", Pattern.compile("a+")), 1, Duration.ZERO);
    Note read = (Note) store.read(KEY, transport.getAll(List.of(KEY)).get(KEY)).value();
    assertEquals("a+", ((Pattern) read.body()).pattern());
  }

  /** Fields declared with built-in classes: Fory's generated code reads final ones without a type id. */
  record Declared(Pattern pattern, StringBuilder text, Vector<String> list) {}

  /** A field declared with the one final built-in whose serializer Fory's generated code casts. */
  record Traced(StackTraceElement frame) {}

  @Test
  void aFieldDeclaredWithARefusedBuiltInIsRefusedToo() throws ValueException {
    Declared value = new Declared(Pattern.compile("a+"), new StringBuilder("t"), new Vector<>(List.of("v")));
    ForySerializer strict = new ForySerializer(ClassAllowlist.of(Declared.class));
    ValueStore strictReader = new ValueStore(transport, strict, ValueSettings.defaults());
    writer.write(KEY, value, 1, Duration.ZERO);
    ValueException refused =
        assertThrows(ValueException.class, () -> strictReader.read(KEY, transport.getAll(List.of(KEY)).get(KEY)));
    assertEquals(ValueException.Reason.ALLOWLIST, refused.reason(), refused.getMessage());
    ValueException notStored =
        assertThrows(ValueException.class, () -> strictReader.write(KEY, value, 1, Duration.ZERO));
    assertEquals(ValueException.Reason.ALLOWLIST, notStored.reason(), notStored.getMessage());

    ForySerializer allowing =
        new ForySerializer(
            ClassAllowlist.of(Declared.class, Pattern.class, StringBuilder.class, Vector.class));
    ValueStore store = new ValueStore(transport, allowing, ValueSettings.defaults());
    store.write(KEY, value, 1, Duration.ZERO);
    Declared read = (Declared) store.read(KEY, transport.getAll(List.of(KEY)).get(KEY)).value();
    assertEquals("a+", read.pattern().pattern());
    assertEquals("t", read.text().toString());
    assertEquals(value.list(), read.list());
  }

  @Test
  void aFieldDeclaredAsStackTraceElementFailsClosedUntilAllowed() throws ValueException {
    // Fory's generated code takes StackTraceElement's serializer as its own final class, so the
    // refusal shows as a failure to build the record's serializer: not ALLOWLIST, but nothing is
    // read or stored.
    Traced value = new Traced(new Throwable().getStackTrace()[0]);
    ValueStore strictStore =
        new ValueStore(transport, new ForySerializer(ClassAllowlist.of(Traced.class)), ValueSettings.defaults());
    writer.write(KEY, value, 1, Duration.ZERO);
    assertThrows(ValueException.class, () -> strictStore.read(KEY, transport.getAll(List.of(KEY)).get(KEY)));
    assertThrows(ValueException.class, () -> strictStore.write(KEY, value, 1, Duration.ZERO));

    ValueStore allowing =
        new ValueStore(
            transport,
            new ForySerializer(ClassAllowlist.of(Traced.class, StackTraceElement.class)),
            ValueSettings.defaults());
    allowing.write(KEY, value, 1, Duration.ZERO);
    assertEquals(value, allowing.read(KEY, transport.getAll(List.of(KEY)).get(KEY)).value());
  }

  /** Fails when {@code value} or anything it holds is of a class {@code allowlist} refuses. */
  private static void assertOnlyAllowed(Object value, ClassAllowlist allowlist, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    Class<?> type = value.getClass();
    assertTrue(allowlist.allows(type.getName()), "read an instance of " + type.getName());
    if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        assertOnlyAllowed(element, allowlist, seen);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        assertOnlyAllowed(entry.getKey(), allowlist, seen);
        assertOnlyAllowed(entry.getValue(), allowlist, seen);
      }
    } else if (value instanceof Optional<?> optional) {
      assertOnlyAllowed(optional.orElse(null), allowlist, seen);
    } else if (type.isArray() && !type.getComponentType().isPrimitive()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        assertOnlyAllowed(Array.get(value, i), allowlist, seen);
      }
    } else if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        try {
          assertOnlyAllowed(component.getAccessor().invoke(value), allowlist, seen);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  /** A form of {@code value} with a meaningful {@code equals}. */
  private static Object comparable(Object value) {
    if (value == null) {
      return null;
    }
    Class<?> type = value.getClass();
    if (type == Object.class) {
      return Object.class;
    }
    if (type.isArray()) {
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(comparable(Array.get(value, i)));
      }
      return elements;
    }
    if (value instanceof Collection<?> collection && !(value instanceof List) && !(value instanceof Set)) {
      return new ArrayList<>(collection);
    }
    return value;
  }

  private Object allowedSampleOf(Class<?> type) {
    Supplier<Object> sample = ALLOWED_SAMPLES.get(type.getName());
    if (sample != null) {
      return sample.get();
    }
    assertTrue(type.isArray(), "a sample of " + type.getName());
    Class<?> component = type.getComponentType();
    Object array = Array.newInstance(component, 1);
    if (!component.isPrimitive()) {
      Array.set(array, 0, allowedSampleOf(component));
    }
    return array;
  }

  private static final Set<String> STUBS =
      Set.of(LambdaSerializer.ReplaceStub.class.getName(), JdkProxySerializer.ReplaceStub.class.getName());
  private static final Map<String, Supplier<Object>> ALLOWED_SAMPLES = new HashMap<>();
  private static final Map<String, Supplier<Object>> REFUSED_SAMPLES = new HashMap<>();

  private static void allowed(Supplier<Object> sample) {
    ALLOWED_SAMPLES.put(sample.get().getClass().getName(), sample);
  }

  private static void refused(Supplier<Object> sample) {
    REFUSED_SAMPLES.put(sample.get().getClass().getName(), sample);
  }

  static {
    allowed(Object::new);
    allowed(() -> "text");
    allowed(() -> Boolean.TRUE);
    allowed(() -> (byte) 1);
    allowed(() -> (short) 2);
    allowed(() -> 'c');
    allowed(() -> 3);
    allowed(() -> 4L);
    allowed(() -> 5.5f);
    allowed(() -> 6.5);
    allowed(() -> new BigDecimal("1.25"));
    allowed(() -> new BigInteger("123456789012345678901234567890"));
    allowed(() -> new ArrayList<>(List.of("a", "b")));
    allowed(() -> new LinkedList<>(List.of("a", "b")));
    allowed(() -> new ArrayDeque<>(List.of("a", "b")));
    allowed(() -> new HashMap<>(Map.of("k", 1)));
    allowed(() -> new LinkedHashMap<>(Map.of("k", 1)));
    allowed(() -> new TreeMap<>(Map.of("k", 1, "j", 2)));
    allowed(() -> new HashSet<>(Set.of("a")));
    allowed(() -> new LinkedHashSet<>(Set.of("a")));
    allowed(() -> new TreeSet<>(Set.of("b", "a")));
    allowed(() -> new EnumMap<>(Map.of(Month.MAY, "may")));
    allowed(() -> EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    allowed(() -> EnumSet.of(Many.M00, Many.M64));
    allowed(() -> new ConcurrentHashMap<>(Map.of("k", 1)));
    allowed(() -> new ConcurrentSkipListMap<>(Map.of("k", 1)));
    allowed(() -> new ConcurrentSkipListSet<>(Set.of("a", "b")));
    allowed(() -> new CopyOnWriteArrayList<>(List.of("a")));
    allowed(() -> List.of("a"));
    allowed(() -> List.of("a", "b", "c"));
    allowed(() -> List.of("a", "b", "c").subList(0, 2));
    allowed(() -> Set.of("a"));
    allowed(() -> Set.of("a", "b", "c"));
    allowed(() -> Map.of("k", 1));
    allowed(() -> Map.of("k", 1, "j", 2));
    allowed(Collections::emptyList);
    allowed(Collections::emptySet);
    allowed(Collections::emptyMap);
    allowed(Collections::emptySortedSet);
    allowed(Collections::emptySortedMap);
    allowed(() -> Collections.singletonList("a"));
    allowed(() -> Collections.singleton("a"));
    allowed(() -> Collections.singletonMap("k", 1));
    allowed(() -> Collections.unmodifiableCollection(new ArrayList<>(List.of("a"))));
    allowed(() -> Collections.unmodifiableList(new LinkedList<>(List.of("a"))));
    allowed(() -> Collections.unmodifiableList(new ArrayList<>(List.of("a"))));
    allowed(() -> Collections.unmodifiableSet(new HashSet<>(Set.of("a"))));
    allowed(() -> Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("a"))));
    allowed(() -> Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of("a"))));
    allowed(() -> Collections.unmodifiableMap(new HashMap<>(Map.of("k", 1))));
    allowed(() -> Collections.unmodifiableSortedMap(new TreeMap<>(Map.of("k", 1))));
    allowed(() -> Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of("k", 1))));
    allowed(() -> Arrays.asList("a", "b"));
    allowed(Collections::reverseOrder);
    allowed(Comparator::naturalOrder);
    allowed(() -> Optional.of("a"));
    allowed(() -> OptionalInt.of(1));
    allowed(() -> OptionalLong.of(2));
    allowed(() -> OptionalDouble.of(3));
    allowed(() -> UUID.fromString("3f1e2d3c-0000-4000-8000-000000000001"));
    allowed(() -> new Date(1_700_000_000_000L));
    allowed(() -> BitSet.valueOf(new long[] {5}));
    allowed(() -> Locale.CANADA_FRENCH);
    allowed(() -> Currency.getInstance("EUR"));
    allowed(() -> URI.create("https://example.com/a?b=c"));
    allowed(() -> Instant.parse("2026-01-01T00:00:00Z"));
    allowed(() -> Duration.ofSeconds(3));
    allowed(() -> Period.ofDays(4));
    allowed(() -> LocalDate.of(2026, 1, 2));
    allowed(() -> LocalTime.of(3, 4));
    allowed(() -> LocalDateTime.of(2026, 1, 2, 3, 4));
    allowed(() -> ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")));
    allowed(() -> OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
    allowed(() -> OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHours(2)));
    allowed(() -> ZoneOffset.ofHours(2));
    allowed(() -> ZoneId.of("Europe/Paris"));
    allowed(() -> Year.of(2026));
    allowed(() -> YearMonth.of(2026, 1));
    allowed(() -> MonthDay.of(1, 2));
    allowed(() -> DayOfWeek.MONDAY);
    allowed(() -> Month.MAY);

    refused(() -> new Class<?>[] {String.class});
    refused(() -> new Throwable().getStackTrace());
    refused(() -> new Throwable().getStackTrace()[0]);
    refused(() -> new IOException("planted"));
    refused(() -> String.class);
    refused(() -> new StringBuilder("planted"));
    refused(() -> new StringBuffer("planted"));
    refused(() -> ByteBuffer.allocate(4));
    refused(() -> ByteBuffer.allocateDirect(4));
    refused(() -> new java.sql.Date(0));
    refused(() -> new java.sql.Time(0));
    refused(() -> new java.sql.Timestamp(0));
    refused(() -> new LinkedList<>(List.of("a", "b")).subList(0, 1));
    refused(() -> Arrays.asList("a", "b").subList(0, 1));
    refused(() -> new ArrayList<>(List.of("a", "b")).subList(0, 1));
    refused(() -> Collections.newSetFromMap(new HashMap<>()));
    refused(() -> Collections.synchronizedCollection(new ArrayList<>(List.of("a"))));
    refused(() -> Collections.synchronizedList(new LinkedList<>(List.of("a"))));
    refused(() -> Collections.synchronizedList(new ArrayList<>(List.of("a"))));
    refused(() -> Collections.synchronizedSet(new HashSet<>(Set.of("a"))));
    refused(() -> Collections.synchronizedSortedSet(new TreeSet<>(Set.of("a"))));
    refused(() -> Collections.synchronizedMap(new HashMap<>(Map.of("k", 1))));
    refused(() -> Collections.synchronizedSortedMap(new TreeMap<>(Map.of("k", 1))));
    refused(() -> new PriorityQueue<>(List.of("a")));
    refused(() -> new Vector<>(List.of("a")));
    refused(() -> new ArrayBlockingQueue<>(1));
    refused(ConcurrentHashMap::newKeySet);
    refused(() -> Pattern.compile("a+"));
    REFUSED_SAMPLES.put(
        LambdaSerializer.ReplaceStub.class.getName(), () -> (Runnable & Serializable) () -> {});
    REFUSED_SAMPLES.put(
        JdkProxySerializer.ReplaceStub.class.getName(),
        () ->
            Proxy.newProxyInstance(
                ForyBuiltInClassesTest.class.getClassLoader(), new Class<?>[] {Runnable.class}, new Handler("h")));
  }
}
