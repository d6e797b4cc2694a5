package com.example.catalog;

public record Product(String sku, String name) {}
