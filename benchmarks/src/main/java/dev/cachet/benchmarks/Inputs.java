package dev.cachet.benchmarks;

import dev.cachet.runtime.internal.value.ClassAllowlist;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The inputs every benchmark shares, built deterministically from fixed seeds. */
public final class Inputs {
  /** The classes of the benchmark's image list, for Fory's deserialization allowlist. */
  public static ClassAllowlist allowlist() {
    return ClassAllowlist.of(Image.class, BlockDeviceMapping.class);
  }

  /** The image list's length: a large account's {@code DescribeImages}. */
  public static final int IMAGE_COUNT = 3000;

  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1"};
  private static final String[] TEAMS = {"platform", "search", "billing", "ml", "edge"};

  private Inputs() {}

  /** {@code count} images, each with one to four block devices pointing back at it. */
  public static ArrayList<Image> images(int count) {
    Random random = new Random(20261123L);
    ArrayList<Image> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String team = TEAMS[random.nextInt(TEAMS.length)];
      Image image =
          new Image(
              String.format("ami-%017x", random.nextLong() >>> 4),
              team + "-base-" + (2024 + random.nextInt(3)) + "." + random.nextInt(12) + "." + i,
              String.format("%012d", Math.abs(random.nextLong() % 1_000_000_000_000L)),
              REGIONS[random.nextInt(REGIONS.length)],
              random.nextBoolean() ? "x86_64" : "arm64",
              random.nextInt(10) == 0 ? "deprecated" : "available",
              EPOCH.plusSeconds(random.nextInt(60_000_000)),
              (8L << random.nextInt(5)) << 30);
      image.tags.put("team", team);
      image.tags.put("build", Integer.toString(random.nextInt(100_000)));
      image.tags.put("release", random.nextInt(4) == 0 ? "canary" : "stable");
      int devices = 1 + random.nextInt(4);
      for (int d = 0; d < devices; d++) {
        image.blockDevices.add(
            new BlockDeviceMapping(
                image,
                "/dev/xvd" + (char) ('a' + d),
                String.format("snap-%017x", random.nextLong() >>> 4),
                d == 0 ? "gp3" : "io2",
                8 << random.nextInt(4),
                d == 0));
      }
      images.add(image);
    }
    return images;
  }

  /** {@code size} bytes that no codec can shrink. */
  public static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** One small object, as a single-entity lookup caches it. */
  public static Image smallObject() {
    return images(1).get(0);
  }
}
