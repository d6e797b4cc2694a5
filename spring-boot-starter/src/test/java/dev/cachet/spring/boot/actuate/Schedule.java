package dev.cachet.spring.boot.actuate;

import dev.cachet.Cached;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** Key parameters of the other scalar kinds, to check that each converts from a string; never a bean. */
public interface Schedule {
  @Cached(namespace = "slot", region = "short")
  String slot(LocalDate day, UUID room, BigDecimal price, long attendees, Boolean open);
}
