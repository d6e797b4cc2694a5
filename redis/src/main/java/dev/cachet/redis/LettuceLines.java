package dev.cachet.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

/**
 * What differs between the Lettuce lines this store runs on: 7.x, which it is built against, and
 * the 6.6 and 6.8 that Spring Boot 3.5 and 4.0 manage, so that an application on Boot gets them
 * unless it overrides the version. Code here names a class only one line has inside a nested class,
 * which the JVM loads only when the line that has it is on the class path.
 */
final class LettuceLines {
  /**
   * Whether this is Lettuce 7, told by a class it added: maintenance notifications, on by default
   * there, for Redis Enterprise only.
   */
  private static final boolean MAINT_NOTIFICATIONS = present("io.lettuce.core.MaintNotificationsConfig");

  private LettuceLines() {}

  /** {@code options} without Lettuce 7's maintenance notifications, where it has them. */
  static <B extends ClientOptions.Builder> B withoutMaintenanceNotifications(B options) {
    if (MAINT_NOTIFICATIONS) {
      Seven.disableMaintenanceNotifications(options);
    }
    return options;
  }

  /**
   * {@code refresh} with every adaptive topology refresh trigger (a MOVED or ASK redirect, a
   * reconnect, an unknown node): on by default from Lettuce 7, off on 6.
   */
  static ClusterTopologyRefreshOptions.Builder withAdaptiveRefresh(ClusterTopologyRefreshOptions.Builder refresh) {
    if (!MAINT_NOTIFICATIONS) {
      Six.enableAdaptiveRefresh(refresh);
    }
    return refresh;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, LettuceLines.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Only called on Lettuce 6. */
  private static final class Six {
    // Deprecated from Lettuce 7, which has them on by default; not deprecated on 6, where it runs.
    @SuppressWarnings("deprecation")
    static void enableAdaptiveRefresh(ClusterTopologyRefreshOptions.Builder refresh) {
      refresh.enableAllAdaptiveRefreshTriggers();
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
