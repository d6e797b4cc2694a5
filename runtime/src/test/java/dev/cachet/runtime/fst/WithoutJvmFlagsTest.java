package dev.cachet.runtime.fst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachet.runtime.internal.value.ClassAllowlist;
import dev.cachet.runtime.internal.value.ForySerializer;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** This suite's JVM has no {@code --add-opens}: Fory must work, FST must say what it lacks. */
class WithoutJvmFlagsTest {
  @Test
  void thisJvmHasNoAddOpensFlags() {
    assertTrue(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().noneMatch(arg -> arg.contains("add-opens")),
        "this test class must run in the flag-free surefire execution");
  }

  record Pair(String left, Integer right) {}

  @Test
  void foryNeedsNoFlags() {
    ForySerializer fory = new ForySerializer(ClassAllowlist.of(Pair.class));
    assertEquals(new Pair("a", 1), fory.deserialize(fory.serialize(new Pair("a", 1))));
  }

  @Test
  void fstWithoutItsFlagsFailsNamingThem() {
    IllegalStateException failure = assertThrows(IllegalStateException.class, FstSerializer::new);
    assertTrue(failure.getMessage().contains(FstSerializer.REQUIRED_JVM_FLAGS), failure.getMessage());
  }
}
