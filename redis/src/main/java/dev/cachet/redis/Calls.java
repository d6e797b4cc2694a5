package dev.cachet.redis;

import dev.cachet.runtime.internal.transport.CircuitBreaker;
import dev.cachet.runtime.spi.TransportException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the one-server and the Cluster transport share about a call: waiting for its reply within
 * the operation timeout through a circuit breaker, scripts by hash with {@code EVAL} after {@code
 * NOSCRIPT}, new item versions, the item size, expiries, and the text of a fault.
 */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

  /** Sends one command; refused at once (a {@link TransportException}) while nothing is connected. */
  interface Dispatcher {
    <T> RedisFuture<T> dispatch(CommandType type, CommandOutput<String, Item, T> output, CommandArgs<String, Item> args);
  }

  private final RedisSettings settings;
  private final String description;
  private final long timeoutNanos;
  /** Versions: a random base, so that two processes' versions differ, plus a counter, so that one's never repeat. */
  private final long versionBase = new SecureRandom().nextLong();
  private final AtomicLong versionCounter = new AtomicLong();

  Calls(RedisSettings settings, String description) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.description = description;
    this.timeoutNanos = settings.operationTimeout().toNanos();
  }

  static CommandArgs<String, Item> args() {
    return new CommandArgs<>(ItemCodec.INSTANCE);
  }

  Item newItem(byte[] value) {
    long version;
    do {
      version = versionBase + versionCounter.incrementAndGet() * 0x9E3779B97F4A7C15L;
    } while (version == 0);
    return new Item(version, value);
  }

  boolean tooLarge(String key, byte[] value) {
    return (long) key.getBytes(StandardCharsets.UTF_8).length + value.length > settings.itemSize();
  }

  TransportException refusedAsTooLarge(String operation, String key, byte[] value) {
    return new TransportException(
        operation + " " + key + " on " + description + ": SERVER_ERROR object too large for cache ("
            + value.length + " bytes; the item size is " + settings.itemSize() + ")");
  }

  /** Milliseconds for {@code PX}, rounded up so that a positive expiry never means "expired"; 0 for none. */
  static long expiryMillis(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry: " + expiry);
    }
    if (expiry.isZero()) {
      return 0;
    }
    try {
      long millis = expiry.toMillis();
      return expiry.minusMillis(millis).isZero() ? millis : millis + 1;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }

  /**
   * Runs {@code script} by its hash; a server that answers {@code NOSCRIPT} (restarted, failed
   * over, its script cache flushed) gets the body once by {@code EVAL}, which caches it again. Both
   * within the one operation timeout of the caller. In a cluster both go where the key's slot is.
   */
  CompletableFuture<Long> script(Dispatcher on, Scripts script, Consumer<CommandArgs<String, Item>> keysAndArgs) {
    CommandArgs<String, Item> bySha = args().add(script.sha).add(1);
    keysAndArgs.accept(bySha);
    RedisFuture<Long> first = on.dispatch(CommandType.EVALSHA, new Outputs.Count(), bySha);
    CompletableFuture<Long> answer = new CompletableFuture<>();
    first.whenComplete(
        (result, failure) -> {
          if (failure == null) {
            answer.complete(result);
          } else if (unwrap(failure) instanceof RedisNoScriptException) {
            LOG.debug("{} did not know script {}: sending its body", description, script);
            CommandArgs<String, Item> byBody = args().add(script.body).add(1);
            keysAndArgs.accept(byBody);
            try {
              on.dispatch(CommandType.EVAL, new Outputs.Count(), byBody)
                  .whenComplete(
                      (again, failedAgain) -> {
                        if (failedAgain == null) {
                          answer.complete(again);
                        } else {
                          answer.completeExceptionally(failedAgain);
                        }
                      });
            } catch (RuntimeException notConnected) {
              answer.completeExceptionally(notConnected);
            }
          } else {
            answer.completeExceptionally(failure);
          }
        });
    return answer;
  }

  /**
   * Waits for one command through {@code breaker}: refused at once while it is open, its outcome
   * reported to it. A timeout cancels the command, so that its late reply is dropped. {@code
   * subject} is the key, or the keys of a multi-get, named only in the message of a fault: a hit
   * builds no text.
   */
  <T> T guarded(String operation, Object subject, CircuitBreaker breaker, Supplier<? extends Future<T>> command) {
    CircuitBreaker.Permit permit = breaker.tryAcquire();
    if (permit == CircuitBreaker.Permit.REFUSED) {
      throw new TransportException(
          operation + " " + named(subject) + " refused at once: " + description + " timed out "
              + settings.timeoutsToOpen() + " times in a row; it is probed again every "
              + settings.coolOff().toMillis() + " ms");
    }
    try {
      T result = await(command.get());
      breaker.onSuccess();
      return result;
    } catch (TimeoutException e) {
      breaker.onTimeout(permit);
      throw fault(operation, subject, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.onOtherFailure(permit);
      throw fault(operation, subject, e);
    } catch (Exception e) {
      breaker.onOtherFailure(permit);
      throw fault(operation, subject, e);
    }
  }

  /** The command's result within the operation timeout; its failure unwrapped. */
  <T> T await(Future<T> future) throws Exception {
    try {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Its late reply is then dropped; Lettuce's own timeout (the same) ends the command too.
      future.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RedisCommandTimeoutException timedOut) {
        // Lettuce's own timer fired first: the same fault as ours.
        TimeoutException asTimeout = new TimeoutException(timedOut.getMessage());
        asTimeout.initCause(timedOut);
        throw asTimeout;
      }
      throw cause instanceof Exception exception ? exception : e;
    }
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  TransportException fault(String operation, Object subject, Exception cause) {
    return new TransportException(
        operation + " " + named(subject) + " on " + description + ": " + reason(cause), cause);
  }

  /** A key as is; the keys of a multi-get as the one key, or their count. */
  static String named(Object subject) {
    if (subject instanceof List<?> keys) {
      return keys.size() == 1 ? String.valueOf(keys.get(0)) : keys.size() + " keys";
    }
    return String.valueOf(subject);
  }

  static String reason(Throwable cause) {
    Throwable root = unwrap(cause);
    if (root.getCause() != null && root.getMessage() != null && root.getMessage().startsWith("Unable to connect")) {
      root = root.getCause(); // "Unable to connect to host:port" says less than why
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
