package dev.cachet.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The slow service behind the decorator: counts its calls. */
final class CountingCatalog implements Catalog {
  private final AtomicInteger calls;
  private final byte[] blob;

  /** {@code blob}: what {@link #blob} returns, e.g. a value large enough to be chunked. */
  CountingCatalog(AtomicInteger calls, byte[] blob) {
    this.calls = calls;
    this.blob = blob;
  }

  @Override
  public Product product(String id, int version, Size size) {
    calls.incrementAndGet();
    return new Product(id, "product " + id + " v" + version, 100);
  }

  @Override
  public List<Product> products(String owner, LocalDate day) {
    calls.incrementAndGet();
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      products.add(new Product(owner + "-" + i, "a product of " + owner + " on " + day, i));
    }
    return products;
  }

  @Override
  public byte[] blob(String name) {
    calls.incrementAndGet();
    return blob;
  }

  @Override
  public List<Product> tagged(List<String> tags) {
    calls.incrementAndGet();
    return List.of();
  }

  @Override
  public void updateProduct(String id, int version, Size size) {
    calls.incrementAndGet();
  }
}
