package dev.cachet.sample;

import dev.cachet.Cached;
import dev.cachet.Invalidates;
import java.util.List;

/**
 * The service the story is about. Cachet generates {@code CachingImageService} and
 * {@code ImageServiceKeys} from these annotations at compile time.
 */
public interface ImageService {
  /** Every image an owner has in a region: thousands of objects, slow to fetch, rarely changing. */
  @Cached(namespace = "image_list", region = "long_term")
  List<Image> describeImages(String owner, String region);

  /** How many instances run in a region right now: cheap to be slightly stale, never for long. */
  @Cached(namespace = "running_instances", region = "short_term")
  int runningInstances(String region);

  /** Registers a new image; the owner's image list in that region is dropped once it succeeds. */
  @Invalidates(namespace = "image_list")
  Image registerImage(String owner, String region, String name);
}
