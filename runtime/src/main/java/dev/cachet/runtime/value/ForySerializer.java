package dev.cachet.runtime.value;

import dev.cachet.runtime.CachetException;
import dev.cachet.runtime.Serializer;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

/**
 * The default {@link Serializer}: Apache Fory in Java mode, reference tracking on (shared objects
 * stay shared and cycles survive), records supported, no JVM flags needed on JDK 17+.
 *
 * <p>Class registration is not required yet, so any class on the class path can be read back;
 * the registration allowlist is a later step (see the package documentation).
 */
public final class ForySerializer implements Serializer {
  private final ThreadSafeFory fory;

  public ForySerializer() {
    this.fory =
        Fory.builder()
            .withLanguage(Language.JAVA)
            .withRefTracking(true)
            .requireClassRegistration(false)
            .suppressClassRegistrationWarnings(true)
            .buildThreadSafeFory();
  }

  @Override
  public int id() {
    return FORY_ID;
  }

  @Override
  public byte[] serialize(Object value) {
    try {
      return fory.serialize(value);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new CachetException(FailurePath.describe(value, failure), failure);
    }
  }

  @Override
  public Object deserialize(byte[] bytes) {
    try {
      return fory.deserialize(bytes);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new CachetException("Fory could not read " + bytes.length + " bytes: " + failure, failure);
    }
  }
}
