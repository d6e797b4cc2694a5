package dev.cachet.runtime.internal.value;

import dev.cachet.runtime.CachetException;

/**
 * {@link ForySerializer} met a class outside its {@link ClassAllowlist}: refused before the class
 * was loaded, so none of its code ran. The message says how to allow it.
 */
public final class ClassNotAllowedException extends CachetException {
  private static final long serialVersionUID = 1L;

  private final String className;

  /** Without Fory's exception as the cause: its advice (turn the check off) is the wrong fix. */
  ClassNotAllowedException(String className, boolean reading) {
    super(message(className, reading), null);
    this.className = className;
  }

  /** The binary name of the refused class. */
  public String className() {
    return className;
  }

  private static String message(String className, boolean reading) {
    String element = className;
    String suffix = "";
    while (element.startsWith("[")) {
      element = element.substring(1);
      suffix += "[]";
    }
    if (element.startsWith("L") && element.endsWith(";")) {
      element = element.substring(1, element.length() - 1);
    }
    String source = element.replace('$', '.') + ".class";
    return "class "
        + element
        + suffix
        + (reading
            ? " is not allowed to be read from the cache"
            : " is not allowed in the cache (it could not be read back), so the value was not stored")
        + "; if it is yours, add Cachet.builder().allowClasses("
        + source
        + ")";
  }
}
