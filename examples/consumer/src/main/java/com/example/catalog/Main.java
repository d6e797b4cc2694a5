package com.example.catalog;

import dev.cachet.runtime.Cachet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

public final class Main {
  public static void main(String[] args) {
    Map<String, String> names = new HashMap<>(Map.of("sku-1", "Teapot"));
    int[] calls = {0};
    ProductCatalog real = new ProductCatalog() {
      @Override
      public Product product(String sku) {
        calls[0]++;
        return new Product(sku, names.get(sku));
      }

      @Override
      public void rename(String sku, String name) {
        names.put(sku, name);
      }
    };
    try (Cachet cachet = Cachet.builder().region("long_term", Duration.ofHours(1)).build()) {
      ProductCatalog catalog = new CachingProductCatalog(real, cachet);
      catalog.product("sku-1");
      catalog.product("sku-1");
      catalog.rename("sku-1", "Kettle");
      Product renamed = catalog.product("sku-1");
      cachet.invalidate(ProductCatalogKeys.product("sku-1"));
      catalog.product("sku-1");
      System.out.println("consumer: " + renamed.name() + ", delegate calls " + calls[0]);
      if (calls[0] != 3 || !renamed.name().equals("Kettle")) {
        throw new AssertionError("expected 3 delegate calls and the new name");
      }
    }
  }
}
