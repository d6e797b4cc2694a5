package dev.cachet.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine image as a cloud API describes it. Its block-device mappings point back at it, so a
 * list of images is an object graph with cycles: the shape that made hand-rolled pickling choke.
 */
public final class Image {
  private String imageId;
  private String name;
  private String owner;
  private String region;
  private String architecture;
  private Instant created;
  private Map<String, String> tags = new LinkedHashMap<>();
  private List<BlockDeviceMapping> blockDevices = new ArrayList<>();

  public Image() {}

  public Image(String imageId, String name, String owner, String region, String architecture,
      Instant created) {
    this.imageId = imageId;
    this.name = name;
    this.owner = owner;
    this.region = region;
    this.architecture = architecture;
    this.created = created;
  }

  public String imageId() {
    return imageId;
  }

  public String name() {
    return name;
  }

  public String owner() {
    return owner;
  }

  public String region() {
    return region;
  }

  public String architecture() {
    return architecture;
  }

  public Instant created() {
    return created;
  }

  public Map<String, String> tags() {
    return tags;
  }

  public List<BlockDeviceMapping> blockDevices() {
    return blockDevices;
  }

  /** Adds a device whose {@link BlockDeviceMapping#image()} is this image. */
  public BlockDeviceMapping attach(String deviceName, String snapshotId, int volumeSizeGiB) {
    BlockDeviceMapping device = new BlockDeviceMapping(this, deviceName, snapshotId, volumeSizeGiB);
    blockDevices.add(device);
    return device;
  }

  @Override
  public String toString() {
    return imageId + " (" + name + ", " + blockDevices.size() + " devices)";
  }
}
