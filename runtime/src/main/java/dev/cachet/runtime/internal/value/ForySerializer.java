package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.CachetException;
import dev.cachet.runtime.spi.Serializer;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.CompatibleMode;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.config.Language;
import org.apache.fory.exception.InsecureException;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, reference tracking on (shared objects
 * stay shared and cycles survive), records supported, no JVM flags needed on JDK 17+.
 *
 * <p>Schema-consistent, with Fory's class version check, instead of Fory's default compatible
 * mode. Compatible mode writes each class's field names and types into every value, so that a
 * reader whose class has other fields can still read it: it fills what matches and leaves the
 * rest null or zero. A cache has no use for that half-read object: the shape fingerprint in every
 * key already keeps a deploy that changes a cached type from reading the old entries, and where
 * the fingerprint cannot see (an implementation behind an interface-typed field, a class of a
 * library upgraded without recompiling the interface), a miss and a fresh load are the right
 * answer. So each object carries a 4-byte hash of its class's fields, a reader whose class differs
 * fails with Fory's "is not consistent" (a counted miss), and small values are about half as
 * large: one image with four devices, 435 bytes compatible, 234 so.
 *
 * <p>Reads and writes only the classes of its {@link ClassAllowlist}: Fory asks the list, by class
 * name, before it loads a class named in the bytes, so a refused class is never loaded, initialised
 * or instantiated. Fory's own built-in classes, which it reads by numeric id without asking, are
 * held to the same list by {@link BuiltInGuard}: one off the list is refused before any of its code
 * runs, and one allowed after this serializer was built is read by a Fory instance built anew on
 * its first refusal. A refusal is a {@link ClassNotAllowedException} naming the class and the fix.
 * Fory's own class registration is not used: its ids follow registration order, which differs
 * between processes that construct decorators in a different order (see the package
 * documentation).
 */
public final class ForySerializer implements Serializer {
  /** Swapped for a new instance when a class its built-in guards refuse has been allowed since. */
  private volatile ThreadSafeFory fory;
  private final ClassAllowlist allowlist;
  /** The last class the checker refused on this thread; Fory reports it only as a message. */
  private final ThreadLocal<String> refused = new ThreadLocal<>();
  /** Whether the checker has ever refused: until then no call needs to look at {@link #refused}. */
  private volatile boolean everRefused;

  /** How Fory 1.6 names a class it refuses: "class X is not registered", "Class X is forbidden". */
  private static final Pattern REFUSAL =
      Pattern.compile("[Cc]lass ([\\w.$\\[;]+) is (?:not registered|forbidden)");

  /** Reads and writes the JDK classes of {@link ClassAllowlist#JDK_CLASSES} only. */
  public ForySerializer() {
    this(new ClassAllowlist());
  }

  /** Reads and writes the classes of {@code allowlist}, which may grow later. */
  public ForySerializer(ClassAllowlist allowlist) {
    this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
    this.fory = build();
  }

  /**
   * Fory as Cachet writes its bytes, before a type checker is chosen: whatever reads or writes
   * Cachet's Fory payloads starts here, so the two can never disagree on the format.
   */
  static ForyBuilder configured() {
    return Fory.builder()
        .withLanguage(Language.JAVA)
        .withRefTracking(true)
        // Fields by their classes' schema, each object checked against it: see the class doc.
        .withCompatibleMode(CompatibleMode.SCHEMA_CONSISTENT)
        .withClassVersionCheck(true)
        // Class names on the wire, checked by name: no order-dependent registration ids.
        .requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true);
  }

  private ThreadSafeFory build() {
    ThreadSafeFory built =
        configured()
            .withTypeChecker((resolver, className) -> allowlist.allows(className) || refuse(className))
            .buildThreadSafeFory();
    // Fory reads its own registered classes without asking the type checker.
    BuiltInGuard.install(built, allowlist, this::refuse);
    return built;
  }

  /** Notes that {@code className} was refused, for the failing call to report; always false. */
  private boolean refuse(String className) {
    refused.set(className);
    everRefused = true;
    return false;
  }

  /**
   * Whether a call refused for {@code className} should run again: only when the class has been
   * allowed since {@code used} was built, and then with a new Fory instance that holds it.
   */
  private boolean rebuiltFor(String className, ThreadSafeFory used) {
    if (!allowlist.allows(className)) {
      return false;
    }
    synchronized (this) {
      if (fory == used) {
        fory = build();
      }
    }
    return true;
  }

  /** The classes this serializer accepts; {@link ClassAllowlist#allow} adds to them. */
  public ClassAllowlist allowlist() {
    return allowlist;
  }

  /**
   * The class the checker refused during the failed call, or {@code null} when the failure has
   * another cause. Fory remembers a refusal per class and may later fail without asking the
   * checker again; its {@link InsecureException} then names the class in its message.
   */
  private String refusedClass(Throwable failure) {
    String className = refused.get();
    refused.remove();
    if (className != null) {
      return className;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InsecureException) {
        Matcher named = REFUSAL.matcher(String.valueOf(cause.getMessage()));
        // Named even when allowed now: allowed after this instance refused it, which a rebuilt
        // instance reads (rebuiltFor); the caller reports an allowed one as a plain failure.
        if (named.find()) {
          return named.group(1);
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /**
   * Clears a refusal left by a call that did not fail because of it. Only once there has been a
   * refusal, and reading first: a {@code ThreadLocal.remove} on every call was a twentieth of an
   * in-memory hit, and the {@code ThreadLocal.get} alone still a fiftieth.
   */
  private void forgetRefusal() {
    if (everRefused && refused.get() != null) {
      refused.remove();
    }
  }

  @Override
  public int id() {
    return FORY_ID;
  }

  @Override
  public byte[] serialize(Object value) {
    return serialize(value, true);
  }

  private byte[] serialize(Object value, boolean mayRetry) {
    forgetRefusal();
    ThreadSafeFory used = fory;
    try {
      return used.serialize(value);
    } catch (RuntimeException | StackOverflowError failure) {
      String className = refusedClass(failure);
      if (className != null && mayRetry && rebuiltFor(className, used)) {
        return serialize(value, false);
      }
      if (className != null && !allowlist.allows(className)) {
        // A thread or a socket in the graph is refused too, but naming its path says more.
        String culprit = null;
        try {
          culprit = FailurePath.find(value);
        } catch (RuntimeException | StackOverflowError walkFailure) {
          // Best effort: the refused class is still worth reporting.
        }
        if (culprit != null) {
          throw new CachetException(culprit, failure);
        }
        throw new ClassNotAllowedException(className, false);
      }
      throw new CachetException(FailurePath.describe(value, failure), failure);
    }
  }

  @Override
  public Object deserialize(byte[] bytes) {
    return deserialize(bytes, true);
  }

  private Object deserialize(byte[] bytes, boolean mayRetry) {
    forgetRefusal();
    ThreadSafeFory used = fory;
    try {
      return used.deserialize(bytes);
    } catch (RuntimeException | StackOverflowError failure) {
      String className = refusedClass(failure);
      if (className != null && mayRetry && rebuiltFor(className, used)) {
        return deserialize(bytes, false);
      }
      if (className != null && !allowlist.allows(className)) {
        throw new ClassNotAllowedException(className, true);
      }
      throw new CachetException("Fory could not read " + bytes.length + " bytes: " + failure, failure);
    }
  }
}
