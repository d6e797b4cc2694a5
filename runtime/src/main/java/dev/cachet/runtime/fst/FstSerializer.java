package dev.cachet.runtime.fst;

import dev.cachet.runtime.CachetException;
import dev.cachet.runtime.internal.value.FailurePath;
import dev.cachet.runtime.spi.Serializer;
import org.nustaq.serialization.FSTConfiguration;

/**
 * The optional FST serializer ({@code de.ruedigermoeller:fst:3.0.4-jdk17}), for deployments that
 * already store FST bytes. Fory is the default and is faster; choose FST only on purpose.
 *
 * <p>FST is an optional dependency: add {@code de.ruedigermoeller:fst} to the application, and
 * exclude {@code org.apache.felix:maven-bundle-plugin}, {@code it.unimi.dsi:fastutil} and
 * {@code org.javassist:javassist}, which its POM drags in and serialization never uses.
 *
 * <p>On JDK 17+ FST reflects into JDK classes and needs these eight JVM flags:
 *
 * <pre>
 * --add-opens=java.base/java.lang=ALL-UNNAMED
 * --add-opens=java.base/java.util=ALL-UNNAMED
 * --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 * --add-opens=java.base/java.math=ALL-UNNAMED
 * --add-opens=java.base/java.net=ALL-UNNAMED
 * --add-opens=java.base/java.text=ALL-UNNAMED
 * --add-opens=java.base/java.time=ALL-UNNAMED
 * --add-opens=java.sql/java.sql=ALL-UNNAMED
 * </pre>
 *
 * <p>As with Java serialization, stored classes must implement {@link java.io.Serializable};
 * records are written through a record serializer of ours (FST alone cannot read records back),
 * so a record need not be {@code Serializable} but cannot take part in a reference cycle.
 * Shared references and cycles between ordinary objects survive. Thread-safe: one
 * {@code FSTConfiguration} is shared, as FST intends.
 */
public final class FstSerializer implements Serializer {
  private final FSTConfiguration configuration;

  /** The flags above, in the order documented; for messages and launch scripts. */
  public static final String REQUIRED_JVM_FLAGS =
      "--add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.math=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.text=ALL-UNNAMED"
          + " --add-opens=java.base/java.time=ALL-UNNAMED"
          + " --add-opens=java.sql/java.sql=ALL-UNNAMED";

  /**
   * @throws IllegalStateException when the JVM was started without the flags FST needs
   */
  public FstSerializer() {
    FSTConfiguration created;
    try {
      created = FSTConfiguration.createDefaultConfiguration();
    } catch (RuntimeException inaccessible) {
      throw new IllegalStateException(
          "FST cannot start on this JVM (" + inaccessible.getMessage() + "); start it with " + REQUIRED_JVM_FLAGS,
          inaccessible);
    }
    created.setShareReferences(true);
    FstRecordSerializer records = new FstRecordSerializer();
    created.setSerializerRegistryDelegate(type -> type.isRecord() ? records : null);
    created.setClassLoader(FstSerializer.class.getClassLoader());
    this.configuration = created;
  }

  @Override
  public int id() {
    return FST_ID;
  }

  @Override
  public byte[] serialize(Object value) {
    try {
      return configuration.asByteArray(value);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new CachetException(FailurePath.describe(value, failure), failure);
    }
  }

  @Override
  public Object deserialize(byte[] bytes) {
    try {
      return configuration.asObject(bytes);
    } catch (RuntimeException | StackOverflowError failure) {
      throw new CachetException("FST could not read " + bytes.length + " bytes: " + failure, failure);
    }
  }
}
