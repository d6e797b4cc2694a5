package dev.cachet.runtime.internal.value;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes {@link ForySerializer} may read (and write): the fixed list of JDK value types in
 * {@link #JDK_CLASSES}, plus the classes added with {@link #allow(Class)} -- by generated
 * decorators (the object graph of every cached type) and by users (the concrete classes of
 * polymorphic fields). The list is asked about every class a read could instantiate: classes
 * named in the bytes, and Apache Fory's own built-in classes, which Fory reads by numeric id
 * (see {@code BuiltInGuard}). Classes are kept by binary name, so the list means the same in
 * every process whatever order decorators are constructed in. Arrays are allowed when their
 * element class is; primitive arrays always are. Thread-safe; it only grows.
 */
public final class ClassAllowlist {
  /**
   * The JDK classes every allowlist holds, the only ones Cachet reads without being told to: what
   * cached types are made of, and nothing whose reading runs code an attacker could steer. They
   * are the interfaces and abstract types fields are declared with ({@code List}, {@code Map},
   * {@code Number}, ...), which can never be instantiated from the cache; strings, boxes,
   * {@code BigDecimal} and {@code BigInteger}; the collections and maps of {@code java.util} and
   * {@code java.util.concurrent} that hold values (with the implementation classes behind
   * {@code List.of}, {@code Map.of}, {@code Collections.unmodifiable...}, {@code
   * Collections.empty...}, {@code singleton...} and {@code Arrays.asList}, and the natural and
   * reverse orders a sorted one may carry); {@code Optional}s, {@code UUID}, {@code Date},
   * {@code BitSet}, {@code Locale}, {@code Currency}, {@code URI}; and the {@code java.time}
   * values. Reading any of them only fills in data, calling at most {@code hashCode}, {@code
   * equals} and {@code compareTo} of elements that are themselves on the list.
   *
   * <p>Left out on purpose, although Apache Fory can read them: queues whose rebuilding calls a
   * comparator read from the bytes ({@code PriorityQueue}), blocking queues, synchronized and
   * view wrappers ({@code Collections.synchronized...}, {@code subList}), {@code Vector}, atomics,
   * {@code StringBuilder}, exceptions and stack traces, {@code java.sql} times, {@code Pattern}
   * (compiling an attacker's regular expression), {@code Class}, buffers, lambdas, JDK proxies,
   * and {@code java.net.URL} (whose {@code hashCode} resolves host names). A cached type that
   * really holds one of these names it with {@code Cachet.builder().allowClasses(...)}.
   */
  public static final Set<String> JDK_CLASSES =
      Set.of(
          // Declared types Fory checks when it builds a serializer for a class with such fields;
          // none can be instantiated from the cache (interfaces, abstract) or does anything.
          "java.lang.Object",
          "java.lang.Number",
          "java.lang.CharSequence",
          "java.lang.Comparable",
          "java.lang.Enum",
          "java.lang.Record",
          "java.io.Serializable",
          "java.lang.Iterable",
          "java.util.Collection",
          "java.util.List",
          "java.util.Set",
          "java.util.SortedSet",
          "java.util.NavigableSet",
          "java.util.Queue",
          "java.util.Deque",
          "java.util.Map",
          "java.util.SortedMap",
          "java.util.NavigableMap",
          "java.util.concurrent.ConcurrentMap",
          "java.time.ZoneId",
          "java.time.temporal.Temporal",
          "java.time.temporal.TemporalAmount",
          // Values.
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Character",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.ArrayDeque",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.EnumMap",
          "java.util.RegularEnumSet",
          "java.util.JumboEnumSet",
          "java.util.concurrent.ConcurrentHashMap",
          "java.util.concurrent.ConcurrentSkipListMap",
          "java.util.concurrent.ConcurrentSkipListSet",
          "java.util.concurrent.CopyOnWriteArrayList",
          "java.util.ImmutableCollections$List12",
          "java.util.ImmutableCollections$ListN",
          "java.util.ImmutableCollections$SubList",
          "java.util.ImmutableCollections$Set12",
          "java.util.ImmutableCollections$SetN",
          "java.util.ImmutableCollections$Map1",
          "java.util.ImmutableCollections$MapN",
          "java.util.Collections$EmptyList",
          "java.util.Collections$EmptySet",
          "java.util.Collections$EmptyMap",
          "java.util.Collections$UnmodifiableNavigableSet$EmptyNavigableSet",
          "java.util.Collections$UnmodifiableNavigableMap$EmptyNavigableMap",
          "java.util.Collections$SingletonList",
          "java.util.Collections$SingletonSet",
          "java.util.Collections$SingletonMap",
          "java.util.Collections$UnmodifiableCollection",
          "java.util.Collections$UnmodifiableList",
          "java.util.Collections$UnmodifiableRandomAccessList",
          "java.util.Collections$UnmodifiableSet",
          "java.util.Collections$UnmodifiableSortedSet",
          "java.util.Collections$UnmodifiableNavigableSet",
          "java.util.Collections$UnmodifiableMap",
          "java.util.Collections$UnmodifiableSortedMap",
          "java.util.Collections$UnmodifiableNavigableMap",
          "java.util.Arrays$ArrayList",
          // The orders of a TreeMap or TreeSet built with Comparator.naturalOrder() or
          // Collections.reverseOrder(): stateless singletons.
          "java.util.Comparators$NaturalOrderComparator",
          "java.util.Collections$ReverseComparator",
          "java.util.Optional",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble",
          "java.util.UUID",
          "java.util.Date",
          "java.util.BitSet",
          "java.util.Locale",
          "java.util.Currency",
          "java.net.URI",
          "java.time.Instant",
          "java.time.Duration",
          "java.time.Period",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZoneOffset",
          "java.time.ZoneRegion",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.DayOfWeek",
          "java.time.Month");

  private final Set<String> added = ConcurrentHashMap.newKeySet();
  /** Allowed package prefixes, each ending in a dot; empty unless {@link #allowPackage} was called. */
  private final Set<String> packages = ConcurrentHashMap.newKeySet();

  /** Prefixes of the JDK's and Fory's own packages, which {@link #allowPackage} refuses. */
  private static final String[] PLATFORM_PACKAGES = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.fory."
  };

  /** An allowlist of the JDK classes only. */
  public ClassAllowlist() {}

  /** An allowlist of the JDK classes and {@code classes}. */
  public static ClassAllowlist of(Class<?>... classes) {
    ClassAllowlist allowlist = new ClassAllowlist();
    for (Class<?> type : classes) {
      allowlist.allow(type);
    }
    return allowlist;
  }

  /** Allows {@code type} (for an array, its element class; primitives need nothing). */
  public void allow(Class<?> type) {
    Objects.requireNonNull(type, "type");
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (!type.isPrimitive()) {
      added.add(type.getName());
    }
  }

  /** Allows the class of this binary name ({@code com.acme.Outer$Inner}). */
  public void allow(String binaryName) {
    Objects.requireNonNull(binaryName, "binaryName");
    if (binaryName.isEmpty() || binaryName.startsWith("[")) {
      throw new IllegalArgumentException("not a class's binary name: \"" + binaryName + "\"");
    }
    added.add(binaryName);
  }

  /**
   * Allows every class of the package {@code packageName} and of its subpackages ({@code com.acme}
   * allows {@code com.acme.User} and {@code com.acme.model.Order}, not {@code com.acmex.Evil}):
   * for callers that cannot name their classes ahead of time, such as a Spring {@code
   * CacheManager}, whose values are arbitrary objects of the application's own packages.
   *
   * @throws IllegalArgumentException for an empty name, or a package of the JDK or Apache Fory,
   *     whose classes include ones that run code when read: name those one by one
   */
  public void allowPackage(String packageName) {
    Objects.requireNonNull(packageName, "packageName");
    String prefix = packageName.endsWith(".") ? packageName : packageName + ".";
    if (prefix.length() < 2 || prefix.startsWith(".") || prefix.contains("..")) {
      throw new IllegalArgumentException("not a package name: \"" + packageName + "\"");
    }
    for (String platform : PLATFORM_PACKAGES) {
      if (prefix.startsWith(platform) || platform.startsWith(prefix)) {
        throw new IllegalArgumentException(
            "package "
                + packageName
                + " cannot be allowed as a whole: it holds classes whose reading runs code;"
                + " allow the classes your values use one by one");
      }
    }
    packages.add(prefix);
  }

  /**
   * Whether a value naming {@code className} may be read: a JDK class of the fixed list, an added
   * class, or an array ({@code [Lcom.acme.Foo;}, {@code [[I}) of one of them or of a primitive.
   */
  public boolean allows(String className) {
    if (className == null || className.isEmpty()) {
      return false;
    }
    String name = className;
    if (name.startsWith("[")) {
      int dimensions = 0;
      while (dimensions < name.length() && name.charAt(dimensions) == '[') {
        dimensions++;
      }
      String element = name.substring(dimensions);
      if (element.length() == 1) {
        return "ZBCSIJFD".contains(element);
      }
      if (!element.startsWith("L") || !element.endsWith(";")) {
        return false;
      }
      name = element.substring(1, element.length() - 1);
    }
    return JDK_CLASSES.contains(name) || added.contains(name) || inAllowedPackage(name);
  }

  private boolean inAllowedPackage(String name) {
    if (packages.isEmpty()) {
      return false;
    }
    for (String prefix : packages) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The classes added beyond {@link #JDK_CLASSES}, sorted. */
  public Set<String> added() {
    return new TreeSet<>(added);
  }

  @Override
  public String toString() {
    return "ClassAllowlist{JDK classes + " + added() + (packages.isEmpty() ? "" : " + packages " + new TreeSet<>(packages)) + "}";
  }
}
