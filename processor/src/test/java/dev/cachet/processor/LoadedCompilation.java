package dev.cachet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.cachet.runtime.Cachet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Sources compiled with the processor and loaded by a fresh class loader whose parent is the test
 * class loader, so the runtime classes ({@code Cachet}) are shared with the test.
 */
final class LoadedCompilation {
  /** Answers a call on a delegate: the method name and its arguments. */
  @FunctionalInterface
  interface Answer {
    Object answer(String method, Object[] arguments) throws Throwable;
  }

  /** A delegate built by {@link #delegate}: a proxy that records every call it answers. */
  static final class Delegate {
    final Object proxy;
    final List<String> calls = new ArrayList<>();

    Delegate(Object proxy) {
      this.proxy = proxy;
    }

    long count(String method) {
      return calls.stream().filter(method::equals).count();
    }
  }

  private final ClassLoader loader;

  private LoadedCompilation(ClassLoader loader) {
    this.loader = loader;
  }

  /** Compiles {@code sources} (no warnings allowed) and loads the result. */
  static LoadedCompilation of(JavaFileObject... sources) {
    Compilation compilation = Compilations.compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - 6)
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LoadedCompilation(new BytesClassLoader(classes));
  }

  Class<?> type(String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not compiled: " + name, e);
    }
  }

  /** A delegate implementing {@code interfaceName} whose calls {@code answer} answers. */
  Delegate delegate(String interfaceName, Answer answer) {
    Class<?> type = type(interfaceName);
    Delegate[] holder = new Delegate[1];
    Object proxy =
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {type},
            (self, method, arguments) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals")
                    ? self == arguments[0]
                    : method.getName().equals("hashCode")
                        ? System.identityHashCode(self)
                        : "delegate";
              }
              holder[0].calls.add(method.getName());
              return answer.answer(
                  method.getName(), arguments == null ? new Object[0] : arguments);
            });
    holder[0] = new Delegate(proxy);
    return holder[0];
  }

  /** {@code new <decoratorName>(delegate, cachet)}. */
  Object decorate(String decoratorName, Delegate delegate, Cachet cachet) throws Throwable {
    return construct(decoratorName, delegate.proxy, cachet);
  }

  /** {@code new <decoratorName>(delegate, cachet)} with any delegate, even null. */
  Object construct(String decoratorName, Object delegate, Cachet cachet) throws Throwable {
    Class<?> decorator = type(decoratorName);
    try {
      return decorator.getConstructors()[0].newInstance(delegate, cachet);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Calls the public method {@code name} that takes {@code arguments.length} arguments. */
  static Object call(Object target, String name, Object... arguments) throws Throwable {
    return call(target, name, null, arguments);
  }

  /** Calls the method {@code name} with these exact parameter types. */
  static Object call(Object target, String name, Class<?>[] parameterTypes, Object... arguments)
      throws Throwable {
    Method method = find(target.getClass(), name, parameterTypes, arguments.length);
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Calls a static method, e.g. of a generated {@code Keys} class. */
  Object callStatic(String className, String name, Object... arguments) throws Throwable {
    Method method = find(type(className), name, null, arguments.length);
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Method find(
      Class<?> type, String name, Class<?>[] parameterTypes, int argumentCount) {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name)
          && method.getParameterCount() == argumentCount
          && (parameterTypes == null
              || Arrays.equals(method.getParameterTypes(), parameterTypes))) {
        return method;
      }
    }
    throw new AssertionError("no method " + name + " on " + type);
  }

  /** Defines classes from bytes, everything else from the test class loader. */
  private static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesClassLoader(Map<String, byte[]> classes) {
      super(LoadedCompilation.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
