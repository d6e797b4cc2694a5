package com.example.images;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ImageController {
  private final ImageService images; // the CachingImageService around SlowImageService

  public ImageController(ImageService images) {
    this.images = images;
  }

  @GetMapping("/images/{owner}/{region}")
  public List<Image> list(@PathVariable String owner, @PathVariable String region) {
    return images.imageList(owner, region);
  }

  @PostMapping("/images/{owner}/{region}")
  public void register(@PathVariable String owner, @PathVariable String region, @RequestBody Image image) {
    images.registerImage(owner, region, image);
  }
}
