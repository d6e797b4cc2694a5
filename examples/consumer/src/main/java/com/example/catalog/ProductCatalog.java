package com.example.catalog;

import dev.cachet.Cached;
import dev.cachet.Invalidates;

public interface ProductCatalog {
  @Cached(namespace = "product", region = "long_term")
  Product product(String sku);

  @Invalidates(namespace = "product")
  void rename(String sku, String name);
}
