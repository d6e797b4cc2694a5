package dev.cachet.benchmarks;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * A machine image as a cloud API describes it. Serializable so that Xmemcached's default
 * transcoder (Java serialization) can store it in the baseline.
 */
public final class Image implements Serializable {
  private static final long serialVersionUID = 1L;

  final String imageId;
  final String name;
  final String owner;
  final String region;
  final String architecture;
  final String state;
  final Instant createdAt;
  final long sizeBytes;
  // Concrete serializable types: Java serialization (the Xmemcached baseline) needs them.
  final LinkedHashMap<String, String> tags = new LinkedHashMap<>();
  final ArrayList<BlockDeviceMapping> blockDevices = new ArrayList<>();

  Image(
      String imageId,
      String name,
      String owner,
      String region,
      String architecture,
      String state,
      Instant createdAt,
      long sizeBytes) {
    this.imageId = imageId;
    this.name = name;
    this.owner = owner;
    this.region = region;
    this.architecture = architecture;
    this.state = state;
    this.createdAt = createdAt;
    this.sizeBytes = sizeBytes;
  }

  @Override
  public String toString() {
    return imageId + " " + name;
  }
}
