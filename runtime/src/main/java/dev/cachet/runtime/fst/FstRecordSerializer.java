package dev.cachet.runtime.fst;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.nustaq.serialization.FSTBasicObjectSerializer;
import org.nustaq.serialization.FSTClazzInfo;
import org.nustaq.serialization.FSTObjectInput;
import org.nustaq.serialization.FSTObjectOutput;

/**
 * Writes a record as its components and reads it back through its canonical constructor. FST's
 * own field-by-field path cannot set a record's final fields on JDK 16+, so without this it
 * writes records it cannot read.
 */
final class FstRecordSerializer extends FSTBasicObjectSerializer {
  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return new Shape(type);
        }
      };

  @Override
  public void writeObject(
      FSTObjectOutput out,
      Object record,
      FSTClazzInfo classInfo,
      FSTClazzInfo.FSTFieldInfo referencedBy,
      int streamPosition)
      throws IOException {
    Shape shape = SHAPES.get(record.getClass());
    for (Method accessor : shape.accessors) {
      try {
        out.writeObject(accessor.invoke(record));
      } catch (ReflectiveOperationException failure) {
        throw new IOException("cannot read " + accessor + ": " + failure, failure);
      }
    }
  }

  @Override
  public Object instantiate(
      @SuppressWarnings("rawtypes") Class type,
      FSTObjectInput in,
      FSTClazzInfo classInfo,
      FSTClazzInfo.FSTFieldInfo referencee,
      int streamPosition)
      throws Exception {
    Shape shape = SHAPES.get(type);
    Object[] components = new Object[shape.accessors.length];
    for (int i = 0; i < components.length; i++) {
      components[i] = in.readObject();
    }
    Object record = shape.constructor.newInstance(components);
    in.registerObject(record, streamPosition, classInfo, referencee);
    return record;
  }

  /** A record class's accessors and canonical constructor, made accessible once. */
  private static final class Shape {
    final Method[] accessors;
    final Constructor<?> constructor;

    Shape(Class<?> type) {
      RecordComponent[] recordComponents = type.getRecordComponents();
      accessors = new Method[recordComponents.length];
      Class<?>[] parameterTypes = new Class<?>[recordComponents.length];
      for (int i = 0; i < recordComponents.length; i++) {
        accessors[i] = recordComponents[i].getAccessor();
        accessors[i].setAccessible(true);
        parameterTypes[i] = recordComponents[i].getType();
      }
      try {
        constructor = type.getDeclaredConstructor(parameterTypes);
      } catch (NoSuchMethodException impossible) {
        throw new IllegalStateException(type + " has no canonical constructor", impossible);
      }
      constructor.setAccessible(true);
    }
  }
}
