package dev.cachet.runtime.internal.value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.context.CopyContext;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.resolver.ClassResolver;
import org.apache.fory.resolver.TypeResolver;
import org.apache.fory.serializer.ReplaceResolveSerializer;
import org.apache.fory.serializer.Serializer;
import org.apache.fory.serializer.collection.CollectionLikeSerializer;
import org.apache.fory.serializer.collection.MapLikeSerializer;

/**
 * Holds Fory's built-in classes to the {@link ClassAllowlist}. Fory registers many classes of its
 * own (collections, boxes, {@code java.time}, but also {@code PriorityQueue},
 * {@code Vector}, {@code AtomicReference}, {@code java.sql.Timestamp}, {@code Pattern},
 * exceptions, lambdas, JDK proxies, ...) and reads them by numeric id or by name without asking
 * the {@code TypeChecker}, which it consults only for classes it does not know. So before a Fory
 * instance is first used, every registered class the allowlist does not hold gets a serializer
 * that refuses it: Fory looks the serializer up from the class id before it reads anything of the
 * object, so the refusal comes before any constructor, comparator or {@code readObject} of the
 * class runs. Classes the list holds keep Fory's own serializers untouched, so reading them costs
 * exactly what it did.
 *
 * <p>The refusal is decided when a Fory instance is built; {@link ForySerializer} builds a new one
 * when a class refused this way has been allowed since.
 */
final class BuiltInGuard {
  private BuiltInGuard() {}

  /**
   * The classes Fory registers by default, by its resolver: what {@link #install} checks. Fory's
   * marker for a class with {@code writeReplace}/{@code readResolve} is left out: the class it
   * stands for is written after it and checked on its own, by name or by its guard.
   */
  static List<Class<?>> registeredClasses(ThreadSafeFory fory) {
    List<Class<?>> registered =
        fory.execute(instance -> ((ClassResolver) instance.getTypeResolver()).getRegisteredClasses());
    List<Class<?>> checked = new ArrayList<>();
    for (Class<?> type : registered) {
      // A primitive has no instance to read; its box is checked instead.
      if (!type.isPrimitive() && type != ReplaceResolveSerializer.ReplaceStub.class) {
        checked.add(type);
      }
    }
    return checked;
  }

  /**
   * Replaces Fory's serializer of every registered class {@code allowlist} does not hold with one
   * that calls {@code refusal} with the class name and throws. Must run before {@code fory}
   * serializes or deserializes anything: Fory freezes its registrations then.
   */
  static void install(ThreadSafeFory fory, ClassAllowlist allowlist, Consumer<String> refusal) {
    for (Class<?> type : registeredClasses(fory)) {
      if (!allowlist.allows(type.getName())) {
        fory.registerSerializer(type, resolver -> refusing(resolver, type, refusal));
      }
    }
  }

  /**
   * A refusing serializer of the kind Fory's generated code expects for {@code type}: collection
   * and map fields are read through the collection and map serializer protocols.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Serializer<?> refusing(
      TypeResolver resolver, Class<?> type, Consumer<String> refusal) {
    Serializer<?> builtIn = ((ClassResolver) resolver).getSerializer(type, false);
    if (builtIn instanceof CollectionLikeSerializer || Collection.class.isAssignableFrom(type)) {
      return new RefusedCollection(resolver, type, refusal);
    }
    if (builtIn instanceof MapLikeSerializer || Map.class.isAssignableFrom(type)) {
      return new RefusedMap(resolver, type, refusal);
    }
    return new Refused(resolver, type, refusal);
  }

  private static InsecureException refuse(Class<?> type, Consumer<String> refusal) {
    refusal.accept(type.getName());
    return new InsecureException("Class " + type.getName() + " is forbidden by the allowlist.");
  }

  private static final class Refused<T> extends Serializer<T> {
    private final Consumer<String> refusal;

    Refused(TypeResolver resolver, Class<T> type, Consumer<String> refusal) {
      super(resolver.getConfig(), type);
      this.refusal = refusal;
    }

    @Override
    public void write(WriteContext writeContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public T read(ReadContext readContext) {
      throw refuse(type, refusal);
    }

    @Override
    public T copy(CopyContext copyContext, T value) {
      throw refuse(type, refusal);
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class RefusedCollection<T> extends CollectionLikeSerializer<T> {
    private final Consumer<String> refusal;

    RefusedCollection(TypeResolver resolver, Class<T> type, Consumer<String> refusal) {
      // No codegen hook: generated code then calls read and write, which refuse.
      super(resolver, type, false);
      this.refusal = refusal;
    }

    @Override
    public void write(WriteContext writeContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public T read(ReadContext readContext) {
      throw refuse(type, refusal);
    }

    @Override
    public T copy(CopyContext copyContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public Collection onCollectionWrite(WriteContext writeContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public Collection newCollection(ReadContext readContext, boolean elementReadAlwaysAdvances) {
      throw refuse(type, refusal);
    }

    @Override
    public T onCollectionRead(Collection collection) {
      throw refuse(type, refusal);
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class RefusedMap<T> extends MapLikeSerializer<T> {
    private final Consumer<String> refusal;

    RefusedMap(TypeResolver resolver, Class<T> type, Consumer<String> refusal) {
      // No codegen hook: generated code then calls read and write, which refuse.
      super(resolver, type, false);
      this.refusal = refusal;
    }

    @Override
    public void write(WriteContext writeContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public T read(ReadContext readContext) {
      throw refuse(type, refusal);
    }

    @Override
    public T copy(CopyContext copyContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public Map onMapWrite(WriteContext writeContext, T value) {
      throw refuse(type, refusal);
    }

    @Override
    public Map newMap(ReadContext readContext, boolean entryReadAlwaysAdvances) {
      throw refuse(type, refusal);
    }

    @Override
    public T onMapCopy(Map map) {
      throw refuse(type, refusal);
    }

    @Override
    public T onMapRead(Map map) {
      throw refuse(type, refusal);
    }
  }
}
