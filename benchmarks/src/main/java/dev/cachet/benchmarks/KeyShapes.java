package dev.cachet.benchmarks;

import dev.cachet.Cached;
import java.time.Instant;
import java.util.UUID;

/**
 * Keys of one, three and six arguments of mixed types, for question 2. Only the generated
 * {@code KeyShapesKeys} is used; no decorator is ever constructed.
 */
public interface KeyShapes {
  /** A key part that is an enum. */
  enum Tier {
    FREE,
    TEAM,
    ENTERPRISE
  }

  @Cached(namespace = "one", region = "bench")
  String one(String owner);

  @Cached(namespace = "three", region = "bench")
  String three(String owner, int page, UUID account);

  @Cached(namespace = "six", region = "bench")
  String six(String owner, int page, UUID account, Instant since, boolean active, Tier tier);
}
