package com.example.images;

import dev.cachet.Cached;
import dev.cachet.Invalidates;
import java.util.List;

public interface ImageService {
  @Cached(namespace = "image_list", region = "long_term")
  List<Image> imageList(String owner, String region);

  @Invalidates(namespace = "image_list") // drops imageList(owner, region) once this returns
  void registerImage(String owner, String region, Image image);
}
