package dev.cachet.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The server-side scripts, each one round trip, each atomic on the server. They are called by
 * hash ({@code EVALSHA}); a server that does not know one (restarted, failed over, {@code SCRIPT
 * FLUSH}) answers {@code NOSCRIPT}, and the transport sends the body once with {@code EVAL}, which
 * also caches it there (see {@link RedisTransport}).
 */
enum Scripts {
  /**
   * {@code cas}: replaces the item only while its first 8 bytes are still the version read by
   * {@code gets}. KEYS[1] the key; ARGV[1] the expected version, ARGV[2] the new item, ARGV[3] its
   * expiry in ms or 0. {@code GETRANGE} reads 8 bytes whatever the item's size, and answers ""
   * for an absent key, which no version equals.
   */
  CAS(
      """
      if redis.call('GETRANGE', KEYS[1], 0, 7) ~= ARGV[1] then return 0 end
      if ARGV[3] == '0' then
        redis.call('SET', KEYS[1], ARGV[2])
      else
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      end
      return 1
      """),
  /**
   * {@code touch} to "no expiry": {@code PERSIST} alone answers 0 for a key that exists without an
   * expiry, where memcached's touch answers "touched".
   */
  PERSIST(
      """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('PERSIST', KEYS[1])
      return 1
      """);

  final String body;
  final String sha;

  Scripts(String body) {
    this.body = body;
    this.sha = sha1(body);
  }

  /** As Redis names a script: the SHA-1 of its body, in lower-case hex. */
  private static String sha1(String body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-1", e);
    }
  }
}
