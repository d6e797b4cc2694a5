package dev.cachet.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow cloud API: every call pays a simulated network latency, and {@code describeImages} returns
 * a few thousand images. Deterministic for an owner and region, so several processes agree.
 */
public final class SimulatedCloudApi implements ImageService {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Duration latency;
  private final int imagesPerOwner;
  private final Map<String, List<Image>> registered = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();

  public SimulatedCloudApi(Duration latency, int imagesPerOwner) {
    this.latency = latency;
    this.imagesPerOwner = imagesPerOwner;
  }

  /** How many times the API was really called. */
  public int calls() {
    return calls.get();
  }

  @Override
  public List<Image> describeImages(String owner, String region) {
    pause(latency.multipliedBy(4));
    Random random = new Random((owner + "/" + region).hashCode());
    List<Image> images = new ArrayList<>(imagesPerOwner);
    for (int i = 0; i < imagesPerOwner; i++) {
      Image image = new Image(
          String.format("ami-%08x", random.nextInt()),
          owner + "-build-" + i,
          owner,
          region,
          random.nextBoolean() ? "x86_64" : "arm64",
          EPOCH.plusSeconds(random.nextInt(30_000_000)));
      image.tags().put("team", owner);
      image.tags().put("build", Integer.toString(i));
      image.tags().put("release", random.nextBoolean() ? "stable" : "canary");
      int devices = 1 + random.nextInt(3);
      for (int d = 0; d < devices; d++) {
        image.attach("/dev/xvd" + (char) ('a' + d), String.format("snap-%08x", random.nextInt()),
            8 << random.nextInt(4));
      }
      images.add(image);
    }
    images.addAll(registered.getOrDefault(owner + "/" + region, List.of()));
    return images;
  }

  @Override
  public int runningInstances(String region) {
    pause(latency);
    return 40 + Math.floorMod(region.hashCode() + calls.get(), 17);
  }

  @Override
  public Image registerImage(String owner, String region, String name) {
    pause(latency);
    Image image = new Image(String.format("ami-%08x", name.hashCode()), name, owner, region,
        "x86_64", EPOCH);
    image.attach("/dev/xvda", "snap-00000000", 8);
    registered.computeIfAbsent(owner + "/" + region, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(image);
    return image;
  }

  private void pause(Duration duration) {
    calls.incrementAndGet();
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
