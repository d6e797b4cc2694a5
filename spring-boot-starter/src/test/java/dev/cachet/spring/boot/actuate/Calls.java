package dev.cachet.spring.boot.actuate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delegate's calls, per method and arguments; a bean of its own because the delegate bean is
 * replaced by its decorator in the context.
 */
public final class Calls {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** How many times the delegate computed {@code method} for {@code arguments}. */
  public int of(String method, Object... arguments) {
    AtomicInteger count = calls.get(call(method, arguments));
    return count == null ? 0 : count.get();
  }

  void count(String method, Object... arguments) {
    calls.computeIfAbsent(call(method, arguments), c -> new AtomicInteger()).incrementAndGet();
  }

  private static String call(String method, Object... arguments) {
    return method + List.of(arguments);
  }
}
