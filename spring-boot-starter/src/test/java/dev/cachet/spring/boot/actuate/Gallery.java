package dev.cachet.spring.boot.actuate;

import dev.cachet.Cached;
import dev.cachet.Invalidates;
import java.util.List;

/** A cached service for the Actuator tests; the processor generates CachingGallery and GalleryKeys. */
public interface Gallery {
  @Cached(namespace = "image_list", region = "short")
  List<String> imageList(String owner, String region);

  @Cached(namespace = "image", region = "short")
  String image(String owner, int number, Size size);

  @Cached(namespace = "tagged", region = "short")
  List<String> tagged(List<String> tags);

  @Invalidates(namespace = "image_list")
  void upload(String owner, String region);

  /** An enum key parameter, converted from its name. */
  enum Size {
    SMALL,
    LARGE
  }
}
