package dev.cachet.runtime;

/**
 * A stand-in for a deserialization gadget: its static initializer and its constructor leave a
 * mark, a system property named after the class loader that defined it, so a test can tell
 * whether any code of this class ran in a given loader. Never instantiate it in the test's own
 * class loader; write it from an isolated copy (see {@code AllowlistTest}).
 */
public final class Gadget {
  /**
   * The property set when code of the copy of Gadget defined by a loader ran. A nested class of its
   * own: calling a static method of Gadget would initialise Gadget.
   */
  public static final class Marks {
    private Marks() {}

    public static String of(ClassLoader loader, String what) {
      return "cachet.test.gadget." + System.identityHashCode(loader) + "." + what;
    }
  }

  static {
    mark("initialised");
  }

  public String payload;

  public Gadget() {
    mark("constructed");
  }

  private static void mark(String what) {
    System.setProperty(Marks.of(Gadget.class.getClassLoader(), what), "true");
  }
}
