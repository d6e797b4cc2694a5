package dev.cachet.processor;

import dev.cachet.runtime.CachetException;
import dev.cachet.runtime.spi.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization that resolves classes through the loader of the code deployed now, as a new
 * process would after a redeploy. It reads an old record's bytes into a changed record (a new
 * component gets its default), so only the key's shape fingerprint keeps stale bytes out.
 */
final class RedeploySerializer implements Serializer {
  private volatile ClassLoader deployed = RedeploySerializer.class.getClassLoader();

  /** Switches to the classes of a new deploy. */
  void deploy(ClassLoader loader) {
    this.deployed = loader;
  }

  @Override
  public int id() {
    return 100;
  }

  @Override
  public byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new CachetException("cannot serialize " + value.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object deserialize(byte[] bytes) {
    ClassLoader loader = deployed;
    try (ObjectInputStream in = new DeployedObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new CachetException("cannot read " + bytes.length + " bytes", e);
    }
  }

  private static final class DeployedObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    DeployedObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(description.getName(), false, loader);
      } catch (ClassNotFoundException notDeployed) {
        return super.resolveClass(description);
      }
    }
  }
}
