package dev.cachet.sample;

/** A volume attached to an image; {@link #image()} points back at the image (a cycle). */
public final class BlockDeviceMapping {
  private Image image;
  private String deviceName;
  private String snapshotId;
  private int volumeSizeGiB;
  private boolean deleteOnTermination = true;

  public BlockDeviceMapping() {}

  BlockDeviceMapping(Image image, String deviceName, String snapshotId, int volumeSizeGiB) {
    this.image = image;
    this.deviceName = deviceName;
    this.snapshotId = snapshotId;
    this.volumeSizeGiB = volumeSizeGiB;
  }

  public Image image() {
    return image;
  }

  public String deviceName() {
    return deviceName;
  }

  public String snapshotId() {
    return snapshotId;
  }

  public int volumeSizeGiB() {
    return volumeSizeGiB;
  }

  public boolean deleteOnTermination() {
    return deleteOnTermination;
  }
}
