package dev.cachet.benchmarks;

import java.io.Serializable;

/** A volume of an {@link Image}; {@link #image} points back at it, so the list is a cyclic graph. */
public final class BlockDeviceMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  final Image image;
  final String deviceName;
  final String snapshotId;
  final String volumeType;
  final int volumeSizeGiB;
  final boolean deleteOnTermination;

  BlockDeviceMapping(
      Image image,
      String deviceName,
      String snapshotId,
      String volumeType,
      int volumeSizeGiB,
      boolean deleteOnTermination) {
    this.image = image;
    this.deviceName = deviceName;
    this.snapshotId = snapshotId;
    this.volumeType = volumeType;
    this.volumeSizeGiB = volumeSizeGiB;
    this.deleteOnTermination = deleteOnTermination;
  }
}
