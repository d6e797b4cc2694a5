package dev.cachet.runtime;

import dev.cachet.runtime.internal.KeyBuilder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A keys class as the processor generates one, written by hand for {@link CachetManifestTest}:
 * the manifests there name it.
 */
public final class ManifestFixtureKeys {
  /** An enum key parameter. */
  public enum Size { SMALL, LARGE }

  private ManifestFixtureKeys() {}

  public static CacheKey product(String id, int version, Size size) {
    return KeyBuilder.key("product", "product/0badcafe:" + KeyBuilder.text(id) + ":" + version + ":" + KeyBuilder.text(size));
  }

  public static CacheKey slot(LocalDate day, UUID room, BigDecimal price, long attendees, Boolean open, char grade, double ratio) {
    return KeyBuilder.of("slot", "5107")
        .add((Object) day).add((Object) room).add((Object) price).add(attendees).add((Object) open).add(grade).add(ratio)
        .build();
  }

  public static CacheKey tagged(List<String> tags) {
    KeyBuilder key = KeyBuilder.of("tagged", "7a66");
    if (key.beginList(tags)) {
      tags.forEach(key::add);
      key.endList();
    }
    return key.build();
  }
}
