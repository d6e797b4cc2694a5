package com.example.images;

/** One machine image an owner has registered in a region. */
public record Image(String id, String name) {}
