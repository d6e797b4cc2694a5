package dev.cachet.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;

/**
 * What differs between the Lettuce lines this store runs on: 7.x, which it is built against, and
 * the 6.6 and 6.8 that Spring Boot 3.5 and 4.0 manage, so that an application on Boot gets them
 * unless it overrides the version. Code here names a class only one line has inside a nested class,
 * which the JVM loads only when the line that has it is on the class path.
 */
final class LettuceLines {
  /** Maintenance notifications (Lettuce 7): on by default there, for Redis Enterprise only. */
  private static final boolean MAINT_NOTIFICATIONS = present("io.lettuce.core.MaintNotificationsConfig");

  private LettuceLines() {}

  /** {@code options} without Lettuce 7's maintenance notifications, where it has them. */
  static ClientOptions.Builder withoutMaintenanceNotifications(ClientOptions.Builder options) {
    if (MAINT_NOTIFICATIONS) {
      Seven.disableMaintenanceNotifications(options);
    }
    return options;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, LettuceLines.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Only loaded on Lettuce 7. */
  private static final class Seven {
    static void disableMaintenanceNotifications(ClientOptions.Builder options) {
      // Redis Enterprise's maintenance events: nothing to learn from an open-source server.
      options.maintNotificationsConfig(MaintNotificationsConfig.disabled());
    }
  }
}
