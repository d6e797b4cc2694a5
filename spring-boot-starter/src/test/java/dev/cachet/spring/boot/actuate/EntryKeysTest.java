package dev.cachet.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cachet.spring.boot.CachetManifests;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys rebuilt from strings through the generated keys methods the manifests name. */
class EntryKeysTest {
  private final ClassLoader classLoader = getClass().getClassLoader();
  private final CachetManifests manifests = CachetManifests.load(classLoader);

  @Test
  void convertsEveryScalarKind() {
    UUID room = UUID.fromString("3f1c1a2e-7b1d-4c1e-9a55-0c6f8f5b2d10");
    EntryKeys keys = new EntryKeys(manifests, classLoader);

    assertThat(keys.key("slot", List.of("2026-03-01", room.toString(), "12.50", "40", "true")))
        .isEqualTo(ScheduleKeys.slot(LocalDate.of(2026, 3, 1), room, new BigDecimal("12.50"), 40L, true));
    assertThatThrownBy(() -> keys.key("slot", List.of("01/03/2026", room.toString(), "1", "1", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "slot takes (day: LocalDate, room: UUID, price: BigDecimal, attendees: long, open: Boolean):"
                + " '01/03/2026' is not a LocalDate for 'day'");
  }

  @Test
  void aNamespaceDeclaredByTwoInterfacesResolvesThroughOneThatLoads() {
    CachetManifests.Manifest gallery = manifests.interfaces().get(Gallery.class.getName());
    // Sorts before the real one, and its keys class does not exist.
    CachetManifests.Manifest stale =
        new CachetManifests.Manifest(
            "a.Stale", "a.CachingStale", "a.StaleKeys", Map.of("image_list", gallery.namespaces().get("image_list")));
    Map<String, CachetManifests.Manifest> both = new LinkedHashMap<>(manifests.interfaces());
    both.put("a.Stale", stale);
    EntryKeys keys = new EntryKeys(new CachetManifests(both), classLoader);

    assertThat(keys.key("image_list", List.of("alice", "EU"))).isEqualTo(GalleryKeys.imageList("alice", "EU"));

    EntryKeys onlyStale =
        new EntryKeys(new CachetManifests(Map.of("a.Stale", stale)), classLoader);
    assertThatThrownBy(() -> onlyStale.key("image_list", List.of("alice", "EU")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a.StaleKeys cannot be loaded");
  }
}
