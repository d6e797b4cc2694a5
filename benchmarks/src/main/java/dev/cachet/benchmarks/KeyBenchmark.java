package dev.cachet.benchmarks;

import dev.cachet.runtime.internal.KeyBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.cache.interceptor.SimpleKeyGenerator;

/**
 * Question 2: building one key from 1, 3 or 6 arguments of mixed types (String; int, UUID;
 * Instant, boolean, enum).
 *
 * <ul>
 *   <li>{@code cachet}: the generated {@code KeyShapesKeys} method (escaping, a
 *       {@code CacheKey} object): its parameters are all scalars, so one string concatenation.
 *   <li>{@code cachetBuilder}: the same key through {@link KeyBuilder}, as generated before
 *       scalar-only keys were concatenated (and as still generated for lists, sets, optionals and
 *       records): the concatenation's before and after in the same run.
 *   <li>{@code stringBuilder}: the hand-written key, namespace and arguments joined by
 *       {@code ':'} with no escaping. The baseline of the 1.5x goal.
 *   <li>{@code springSimpleKey}: {@link SimpleKeyGenerator#generateKey}, Spring's default key
 *       (the argument itself for one argument, else a {@code SimpleKey} holding them).
 *   <li>{@code pythonSha1}: the story's original approach: {@code str()} of each argument joined
 *       with {@code '_'}, then the SHA-1 hex digest, with a new digest per key as
 *       {@code hashlib.sha1(...)} does.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyBenchmark {
  @Param({"1", "3", "6"})
  public int arguments;

  private String owner = "alice";
  private int page = 3;
  private UUID account = UUID.fromString("7f3c1a2e-9b4d-4c1e-8a77-0d5e6f1b2c3d");
  private Instant since = Instant.parse("2026-11-23T10:15:30Z");
  private boolean active = true;
  private KeyShapes.Tier tier = KeyShapes.Tier.TEAM;

  @Setup
  public void check() {
    String key = cachet().toString();
    if (!key.startsWith(arguments == 1 ? "one/" : arguments == 3 ? "three/" : "six/")) {
      throw new IllegalStateException(key);
    }
    if (!key.equals(cachetBuilder().toString())) {
      throw new IllegalStateException("concatenation changed a key: " + key + " vs " + cachetBuilder());
    }
  }

  @Benchmark
  public Object cachet() {
    switch (arguments) {
      case 1:
        return KeyShapesKeys.one(owner);
      case 3:
        return KeyShapesKeys.three(owner, page, account);
      default:
        return KeyShapesKeys.six(owner, page, account, since, active, tier);
    }
  }

  /** The builder path: what {@code KeyShapesKeys} did before it concatenated scalar-only keys. */
  @Benchmark
  public Object cachetBuilder() {
    switch (arguments) {
      case 1:
        return KeyBuilder.of("one", "73cc7ce3").add(owner).build();
      case 3:
        return KeyBuilder.of("three", "73cc7ce3").add(owner).add(page).add(account).build();
      default:
        return KeyBuilder.of("six", "73cc7ce3")
            .add(owner).add(page).add(account).add(since).add(active).add(tier).build();
    }
  }

  @Benchmark
  public Object stringBuilder() {
    StringBuilder key = new StringBuilder(96);
    switch (arguments) {
      case 1:
        return key.append("one:").append(owner).toString();
      case 3:
        return key.append("three:").append(owner).append(':').append(page).append(':').append(account).toString();
      default:
        return key.append("six:")
            .append(owner).append(':')
            .append(page).append(':')
            .append(account).append(':')
            .append(since).append(':')
            .append(active).append(':')
            .append(tier.name())
            .toString();
    }
  }

  @Benchmark
  public Object springSimpleKey() {
    switch (arguments) {
      case 1:
        return SimpleKeyGenerator.generateKey(owner);
      case 3:
        return SimpleKeyGenerator.generateKey(owner, page, account);
      default:
        return SimpleKeyGenerator.generateKey(owner, page, account, since, active, tier);
    }
  }

  @Benchmark
  public Object pythonSha1() {
    switch (arguments) {
      case 1:
        return sha1Hex(join("one", owner));
      case 3:
        return sha1Hex(join("three", owner, page, account));
      default:
        return sha1Hex(join("six", owner, page, account, since, active, tier));
    }
  }

  /** {@code "_".join(str(a) for a in (namespace,) + args)}. */
  private static String join(String namespace, Object... arguments) {
    StringBuilder joined = new StringBuilder(96).append(namespace);
    for (Object argument : arguments) {
      joined.append('_').append(argument);
    }
    return joined.toString();
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-1", e);
    }
  }
}
