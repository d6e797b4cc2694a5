package dev.cachet.consistency;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What a worker counted besides its history, written when it ends: its delegate calls (the cost
 * of every invalidation, in recomputations) and its {@code Cachet} statistics. A worker without a
 * summary did not end normally, and its run is not sound.
 *
 * <p>{@code storeFailures} are writes that failed (a transport fault, a value that did not
 * serialize); {@code storesRefused} are values a miss computed and returned but did not store,
 * because an invalidation or a lapsed lease took their lease while they were computed: the lease
 * protocol at work, not a fault.
 */
record ProcessSummary(
    int process,
    long pid,
    int threads,
    long itemCalls,
    long writeCalls,
    long failedCalls,
    long hits,
    long misses,
    long staleHits,
    long lockTimeouts,
    long storeFailures,
    long storesRefused,
    long transportErrors,
    long transportTimeouts,
    long invalidations,
    long nearHits) {

  void write(Path path) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("process", Integer.toString(process));
    properties.setProperty("pid", Long.toString(pid));
    properties.setProperty("threads", Integer.toString(threads));
    properties.setProperty("itemCalls", Long.toString(itemCalls));
    properties.setProperty("writeCalls", Long.toString(writeCalls));
    properties.setProperty("failedCalls", Long.toString(failedCalls));
    properties.setProperty("hits", Long.toString(hits));
    properties.setProperty("misses", Long.toString(misses));
    properties.setProperty("staleHits", Long.toString(staleHits));
    properties.setProperty("lockTimeouts", Long.toString(lockTimeouts));
    properties.setProperty("storeFailures", Long.toString(storeFailures));
    properties.setProperty("storesRefused", Long.toString(storesRefused));
    properties.setProperty("transportErrors", Long.toString(transportErrors));
    properties.setProperty("transportTimeouts", Long.toString(transportTimeouts));
    properties.setProperty("invalidations", Long.toString(invalidations));
    properties.setProperty("nearHits", Long.toString(nearHits));
    Path partial = path.resolveSibling(path.getFileName() + ".partial");
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      properties.store(out, "cachet consistency worker " + process);
    }
    // Renamed into place, so a worker killed while writing leaves no summary rather than half of one.
    Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE);
  }

  static ProcessSummary read(Path path) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    return new ProcessSummary(
        Integer.parseInt(properties.getProperty("process")),
        number(properties, "pid"),
        Integer.parseInt(properties.getProperty("threads")),
        number(properties, "itemCalls"),
        number(properties, "writeCalls"),
        number(properties, "failedCalls"),
        number(properties, "hits"),
        number(properties, "misses"),
        number(properties, "staleHits"),
        number(properties, "lockTimeouts"),
        number(properties, "storeFailures"),
        number(properties, "storesRefused"),
        number(properties, "transportErrors"),
        number(properties, "transportTimeouts"),
        number(properties, "invalidations"),
        // Summaries written before near copies were counted here had none.
        Long.parseLong(properties.getProperty("nearHits", "0")));
  }

  private static long number(Properties properties, String name) throws IOException {
    String value = properties.getProperty(name);
    if (value == null) {
      throw new IOException("summary of a worker lacks " + name);
    }
    return Long.parseLong(value);
  }
}
