package com.example.images;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ImagesApplication {
  public static void main(String[] args) {
    SpringApplication.run(ImagesApplication.class, args);
  }
}
