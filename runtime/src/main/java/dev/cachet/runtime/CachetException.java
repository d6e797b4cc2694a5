package dev.cachet.runtime;

/** The one unchecked exception type for cache faults. */
public class CachetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CachetException(String message, Throwable cause) {
    super(message, cause);
  }
}
