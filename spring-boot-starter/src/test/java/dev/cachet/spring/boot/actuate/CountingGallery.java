package dev.cachet.spring.boot.actuate;

import java.util.List;
import java.util.Objects;

/** The delegate: records every call in {@link Calls}, so a test sees every miss. */
public final class CountingGallery implements Gallery {
  private final Calls calls;

  public CountingGallery(Calls calls) {
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  @Override
  public List<String> imageList(String owner, String region) {
    calls.count("imageList", owner, region);
    return List.of(owner + "-" + region + "-1", owner + "-" + region + "-2");
  }

  @Override
  public String image(String owner, int number, Size size) {
    calls.count("image", owner, number, size);
    return owner + "/" + number + "/" + size;
  }

  @Override
  public List<String> tagged(List<String> tags) {
    calls.count("tagged", tags);
    return List.copyOf(tags);
  }

  @Override
  public void upload(String owner, String region) {
    calls.count("upload", owner, region);
  }
}
