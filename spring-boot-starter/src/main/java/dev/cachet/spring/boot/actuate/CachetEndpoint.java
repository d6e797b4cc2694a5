package dev.cachet.spring.boot.actuate;

import dev.cachet.runtime.CacheKey;
import dev.cachet.runtime.CacheStatistics;
import dev.cachet.runtime.Cachet;
import dev.cachet.runtime.CachetManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;

/**
 * The {@code cachet} Actuator endpoint: what the cache did, what its servers hold, and
 * invalidation by hand.
 *
 * <ul>
 *   <li>{@code GET /actuator/cachet}: the counters per namespace (with its regions), per region
 *       and in total, the near cache's sync age, and each server: reachable or not, its circuit
 *       breaker, and a few of its own statistics.
 *   <li>{@code DELETE /actuator/cachet/{namespace}}: every entry of the namespace, in every
 *       process sharing the store ({@link Cachet#invalidateAllAcknowledged}).
 *   <li>{@code DELETE /actuator/cachet/{namespace}/{argument}/...}: the one entry the generated
 *       keys method builds from these arguments, in declaration order ({@code
 *       /actuator/cachet/image_list/alice/EU} is {@code ImageServiceKeys.imageList("alice", "EU")}).
 *       Each argument is the text of its parameter's value, converted and passed to the keys method
 *       by {@link CachetManifest#keys} (the same way {@code cachet-cli key} builds keys: decimal
 *       numbers, {@code true}/{@code false}, an enum constant's exact name, java.time values in
 *       their ISO form); namespaces with a list, set, optional or record key parameter can only be
 *       invalidated whole.
 * </ul>
 *
 * A bad request (unknown namespace, wrong arguments) is answered {@code 400} naming what is
 * expected. Each invalidation answers whether the store acknowledged it; one that was not is
 * being retried by the runtime, as its {@code invalidate} describes.
 *
 * <p>Security is Actuator's: like every endpoint, this one is reachable over HTTP only once
 * exposed ({@code management.endpoints.web.exposure.include=cachet}), and its delete operations
 * drop cached entries for every process sharing the store, so expose it only behind Spring
 * Security (which, when present, protects Actuator endpoints) or on a management port that is not
 * public; {@code management.endpoint.cachet.access=read-only} keeps the statistics and refuses the
 * invalidations.
 */
@Endpoint(id = "cachet")
public class CachetEndpoint {
  /**
   * The fields worth reading at a glance of memcached's {@code stats} and of Redis's {@code INFO};
   * the rest stays in the server.
   */
  static final List<String> SERVER_FIELDS =
      List.of(
          "version", "uptime", "curr_items", "bytes", "limit_maxbytes", "evictions", "get_hits",
          "get_misses", "curr_connections", "redis_version", "uptime_in_seconds", "used_memory",
          "maxmemory", "maxmemory_policy", "evicted_keys", "keyspace_hits", "keyspace_misses",
          "connected_clients", "db0");

  private final Cachet cachet;
  private final List<CachetManifest> manifests;
  private final Set<String> declared = new TreeSet<>();

  /**
   * @param manifests the generated interfaces' manifests ({@link CachetManifest#load}), whose keys
   *     methods build the keys of {@code DELETE /actuator/cachet/{namespace}/{argument}...}
   */
  public CachetEndpoint(Cachet cachet, List<CachetManifest> manifests) {
    this.cachet = Objects.requireNonNull(cachet, "cachet");
    this.manifests = List.copyOf(manifests);
    this.manifests.forEach(m -> m.namespaces().forEach(n -> declared.add(n.name())));
  }

  @ReadOperation
  public CachetDescriptor cachet() {
    CacheStatistics statistics = cachet.statistics();
    Map<String, NamespaceDescriptor> namespaces = new LinkedHashMap<>();
    statistics
        .namespaces()
        .forEach(
            (name, counts) ->
                namespaces.put(name, new NamespaceDescriptor(statistics.regionsOf(name), CountsDescriptor.of(counts))));
    Map<String, CountsDescriptor> regions = new LinkedHashMap<>();
    statistics.regions().forEach((name, counts) -> regions.put(name, CountsDescriptor.of(counts)));
    Long nearSyncAge = statistics.nearSyncAge().map(age -> age.toMillis()).orElse(null);
    Map<String, ServerDescriptor> servers = new LinkedHashMap<>();
    cachet.serverStatistics().forEach((server, stats) -> servers.put(server, ServerDescriptor.of(stats)));
    return new CachetDescriptor(
        namespaces, regions, CountsDescriptor.of(statistics.totals()), nearSyncAge, servers);
  }

  /** Drops every entry of {@code namespace}, in every process sharing the store. */
  @DeleteOperation
  public InvalidationDescriptor invalidateNamespace(@Selector String namespace) {
    requireKnown(namespace);
    boolean acknowledged = cachet.invalidateAllAcknowledged(namespace);
    return new InvalidationDescriptor(namespace, null, acknowledged);
  }

  /** Drops the one entry of {@code namespace} whose key the generated keys method builds from {@code arguments}. */
  @DeleteOperation
  public InvalidationDescriptor invalidateEntry(
      @Selector String namespace, @Selector(match = Match.ALL_REMAINING) String[] arguments) {
    requireKnown(namespace);
    List<CacheKey> keys;
    try {
      keys = CachetManifest.keys(manifests, namespace, Arrays.asList(arguments));
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
    }
    // One key, unless interfaces cache different types under the namespace: then each of theirs.
    boolean acknowledged = true;
    List<String> texts = new ArrayList<>();
    for (CacheKey key : keys) {
      acknowledged &= cachet.invalidateAcknowledged(key);
      texts.add(key.key());
    }
    return new InvalidationDescriptor(namespace, String.join(" ", texts), acknowledged);
  }

  /** A namespace a generated interface declares, or one this process has used. */
  private void requireKnown(String namespace) {
    Set<String> known = new TreeSet<>(declared);
    known.addAll(cachet.statistics().namespaces().keySet());
    if (!known.contains(namespace)) {
      String message = "Unknown Cachet namespace '" + namespace + "'; the known namespaces are " + known;
      throw new InvalidEndpointRequestException(message, message);
    }
  }

  /**
   * The whole report.
   *
   * @param nearSyncAgeMillis how long ago near copies were last confirmed in step with other
   *     processes; {@code null} without a near cache over a shared store
   */
  public record CachetDescriptor(
      Map<String, NamespaceDescriptor> namespaces,
      Map<String, CountsDescriptor> regions,
      CountsDescriptor totals,
      Long nearSyncAgeMillis,
      Map<String, ServerDescriptor> servers) {}

  /** One namespace: the regions its {@code @Cached} methods use here, and its counts. */
  public record NamespaceDescriptor(Set<String> regions, CountsDescriptor counts) {}

  /** The counters of {@link CacheStatistics.Counts}, flattened for JSON. */
  public record CountsDescriptor(
      long hits,
      long nearHits,
      long staleHits,
      long misses,
      double hitRatio,
      long stores,
      long storeFailures,
      long storesRefused,
      long oversizeValues,
      long decodeFailures,
      Map<String, Long> decodeFailureReasons,
      long errors,
      long timeouts,
      long lockWaits,
      long lockWaitMillis,
      long lockTimeouts,
      long invalidations,
      long invalidationsUnacknowledged,
      long invalidationsRetried,
      long invalidationsAbandoned,
      long invalidationsPending,
      long bytesSerialized,
      long bytesStored,
      long bytesRead) {

    static CountsDescriptor of(CacheStatistics.Counts c) {
      return new CountsDescriptor(
          c.hits(), c.nearHits(), c.staleHits(), c.misses(), c.hitRatio(), c.stores(),
          c.storeFailures(), c.storesRefused(), c.oversizeValues(), c.decodeFailureCount(),
          c.decodeFailures(), c.transportErrors(), c.transportTimeouts(), c.lockWaits(),
          c.lockWaitTime().toMillis(), c.lockTimeouts(), c.invalidations(),
          c.invalidationsUnacknowledged(), c.invalidationsRetried(), c.invalidationsAbandoned(),
          c.invalidationsPending(), c.serializedBytes(), c.storedBytes(), c.hitBytes());
    }
  }

  /**
   * One server.
   *
   * @param reachable whether it answered {@code stats}
   * @param error why not, or {@code null}
   * @param breaker {@code open} (calls skip it) or {@code closed}; {@code null} for a store without
   *     a breaker (in memory)
   * @param stats a few of its own fields ({@link #SERVER_FIELDS}) that it reported
   */
  public record ServerDescriptor(boolean reachable, String error, String breaker, Map<String, String> stats) {
    static ServerDescriptor of(Map<String, String> stats) {
      Map<String, String> picked = new LinkedHashMap<>();
      for (String field : SERVER_FIELDS) {
        String value = stats.get(field);
        if (value != null) {
          picked.put(field, value);
        }
      }
      String error = stats.get("error");
      return new ServerDescriptor(error == null, error, stats.get("breaker"), picked);
    }
  }

  /**
   * What an invalidation did.
   *
   * @param key the stored key of the entry dropped (the keys, separated by spaces, when interfaces
   *     cache different types under the namespace); {@code null} when the whole namespace was
   * @param acknowledged whether the store acknowledged it (on every server, for a namespace); when
   *     not, the runtime retries it, and other processes may serve the old entries until it lands
   */
  public record InvalidationDescriptor(String namespace, String key, boolean acknowledged) {}
}
