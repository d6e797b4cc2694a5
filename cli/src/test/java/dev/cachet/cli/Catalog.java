package dev.cachet.cli;

import dev.cachet.Cached;
import dev.cachet.Invalidates;
import java.time.LocalDate;
import java.util.List;

/** The interface the tool's tests fill memcached through; the processor writes its manifest. */
public interface Catalog {
  /** A size class, to show an enum key argument. */
  enum Size { SMALL, LARGE }

  /** One product, stored whole. */
  record Product(String id, String name, int price) {}

  @Cached(namespace = "product", region = "long_term")
  Product product(String id, int version, Size size);

  @Cached(namespace = "product_list", region = "long_term")
  List<Product> products(String owner, LocalDate day);

  @Cached(namespace = "blob", region = "short_term")
  byte[] blob(String name);

  @Cached(namespace = "tagged", region = "short_term")
  List<Product> tagged(List<String> tags);

  @Invalidates(namespace = "product")
  void updateProduct(String id, int version, Size size);
}
