package dev.cachet.runtime.spi;

import dev.cachet.runtime.CachetException;

/** A transport fault: refused, timed out, or rejected by the server. Never reaches callers of a decorator. */
public class TransportException extends CachetException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }

  public TransportException(String message) {
    super(message, null);
  }
}
