package dev.cachet.sample;

import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.CacheKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tells the story Cachet comes from: a slow cloud API whose image lists are cached in a shared
 * memcached pool (or the embedded in-memory store), invalidated on writes and from an admin path.
 *
 * <pre>
 *   mvn -q -pl sample-app exec:java                                   # in memory
 *   mvn -q -pl sample-app exec:java -Dexec.args="--memcached 127.0.0.1:11211"
 * </pre>
 *
 * Two processes started with the same {@code --memcached} share entries: the second one's first
 * call is a hit.
 */
public final class SampleApp {
  private final ImageService images;
  private final SimulatedCloudApi cloud;
  private final Cachet cachet;
  private int step;

  private SampleApp(SimulatedCloudApi cloud, Cachet cachet) {
    this.cloud = cloud;
    this.cachet = cachet;
    this.images = new CachingImageService(cloud, cachet);
  }

  public static void main(String[] args) {
    String servers = null;
    int imageCount = 3_000;
    Duration latency = Duration.ofMillis(150);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--memcached" -> servers = value(args, ++i);
        case "--images" -> imageCount = Integer.parseInt(value(args, ++i));
        case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(value(args, ++i)));
        case "--help", "-h" -> {
          System.out.println("usage: SampleApp [--memcached host:port ...] [--images N] [--latency-ms N]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (try --help)");
      }
    }

    Cachet.Builder builder = Cachet.builder()
        .region("long_term", Duration.ofHours(1))
        .region("short_term", Duration.ofMinutes(1));
    if (servers != null) {
      builder.memcached(servers);
    } else {
      builder.inMemory();
    }
    System.out.println("Cachet sample: a slow cloud API behind a generated caching decorator");
    System.out.println("  store:   " + (servers == null ? "in memory (embedded default)" : "memcached " + servers));
    System.out.println("  regions: long_term 1h (image lists), short_term 1m (instance counts)");
    System.out.println("  cloud:   " + imageCount + " images per owner, " + latency.toMillis()
        + " ms per call (describeImages: 4x)");
    System.out.println();
    try (Cachet cachet = builder.build()) {
      new SampleApp(new SimulatedCloudApi(latency, imageCount), cachet).run();
    }
  }

  private void run() {
    List<Image> first = describe("first call");
    describe("same arguments again");
    Image sample = first.get(0);
    System.out.printf("      the graph survived the round trip: %s -> %s -> back to the same image: %b%n",
        sample.imageId(), sample.blockDevices().get(0).deviceName(),
        sample.blockDevices().get(0).image() == sample);

    timed("runningInstances(eu-west-1)", () -> images.runningInstances("eu-west-1"), n -> " -> " + n);
    timed("runningInstances(eu-west-1)", () -> images.runningInstances("eu-west-1"), n -> " -> " + n);

    CacheKey key = ImageServiceKeys.imageList("alice", "eu-west-1");
    timed("registerImage(alice, eu-west-1, alice-hotfix)",
        () -> images.registerImage("alice", "eu-west-1", "alice-hotfix"),
        image -> " -> " + image.imageId() + "; @Invalidates dropped " + key);
    describe("after registerImage");
    describe("and again");

    System.out.printf("%2d. admin: cachet.invalidate(ImageServiceKeys.imageList(\"alice\", \"eu-west-1\"))%n", ++step);
    cachet.invalidate(key);
    describe("after the admin invalidation");

    System.out.printf("%2d. admin: cachet.invalidateAll(\"image_list\"): every owner, every region, every process%n", ++step);
    cachet.invalidateAll("image_list");
    describe("after invalidateAll");

    System.out.println();
    System.out.println("The cloud API was called " + cloud.calls() + " times for " + step + " steps.");
    System.out.println();
    System.out.println("Statistics (cachet.statistics().format()):");
    System.out.print(cachet.statistics().format());
    System.out.println();
    System.out.println("The store (cachet.serverStatistics()):");
    cachet.serverStatistics().forEach(
        (server, stats) -> System.out.printf("  %-22s %s%n", server,
            stats.containsKey("error")
                ? "error: " + stats.get("error")
                : String.format("%,d items, %,d bytes", Long.parseLong(stats.get("curr_items")),
                    Long.parseLong(stats.get("bytes")))));
  }

  private List<Image> describe(String why) {
    return timed("describeImages(alice, eu-west-1), " + why,
        () -> images.describeImages("alice", "eu-west-1"),
        list -> " -> " + list.size() + " images");
  }

  private <T> T timed(String what, Supplier<T> call, Function<T, String> show) {
    int callsBefore = cloud.calls();
    CacheStatistics.Counts before = cachet.statistics().totals();
    long start = System.nanoTime();
    T result = call.get();
    long micros = (System.nanoTime() - start) / 1_000;
    CacheStatistics.Counts after = cachet.statistics().totals();
    boolean calledCloud = cloud.calls() != callsBefore;
    System.out.printf("%2d. %-58s %-4s %8.1f ms%s%s%n", ++step, what,
        calledCloud ? "cloud" : "cache", micros / 1000.0, show.apply(result), bytes(before, after));
    return result;
  }

  /** What the call moved, from the difference of two statistics snapshots. */
  private static String bytes(CacheStatistics.Counts before, CacheStatistics.Counts after) {
    long stored = after.storedBytes() - before.storedBytes();
    if (after.stores() > before.stores()) {
      long serialized = after.serializedBytes() - before.serializedBytes();
      long chunks = after.chunksWritten() - before.chunksWritten();
      boolean compressed = after.compressedStores() > before.compressedStores();
      return String.format("; stored %,d bytes (%,d serialized, %s%s)", stored, serialized,
          compressed ? "compressed" : "not compressed",
          chunks > 0 ? ", " + chunks + " chunks" : ", one item");
    }
    long read = after.hitBytes() - before.hitBytes();
    return read > 0 ? String.format("; read %,d bytes", read) : "";
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
