package com.example.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;

/**
 * The service as it was before caching: every list is a slow query. The starter wraps this bean in
 * the generated CachingImageService, so whoever injects ImageService gets the cached one.
 */
@Service
public class SlowImageService implements ImageService {
  private final Map<String, List<Image>> images = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();

  @Override
  public List<Image> imageList(String owner, String region) {
    queries.incrementAndGet();
    try {
      Thread.sleep(200); // the query we are caching
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(images.getOrDefault(owner + "/" + region, List.of()));
  }

  @Override
  public void registerImage(String owner, String region, Image image) {
    images.compute(owner + "/" + region, (key, list) -> {
      List<Image> updated = list == null ? new ArrayList<>() : new ArrayList<>(list);
      updated.add(image);
      return updated;
    });
  }

  /** How many slow queries ran; the controller shows it so a reader sees the cache work. */
  public long queries() {
    return queries.get();
  }
}
