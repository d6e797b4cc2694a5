package dev.cachet.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/** The "slow" service behind every decorator; counts its calls so a benchmark can prove it hits. */
final class CatalogSource implements Catalog {
  static final String LABEL = "ami-0a1b2c3d";

  private final Image image = Inputs.smallObject();
  private final AtomicLong calls = new AtomicLong();

  long calls() {
    return calls.get();
  }

  @Override
  public String label(String owner, String region) {
    calls.incrementAndGet();
    return LABEL;
  }

  @Override
  public Image image(String owner, String region) {
    calls.incrementAndGet();
    return image;
  }
}
