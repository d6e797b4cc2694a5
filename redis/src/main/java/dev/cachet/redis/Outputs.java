package dev.cachet.redis;

import dev.cachet.runtime.spi.Transport.Versioned;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lettuce outputs that read replies straight from its buffer into the arrays the runtime keeps:
 * one copy per value, the version skipped or read in place.
 */
final class Outputs {
  private Outputs() {}

  /** An {@code MGET} reply as the present keys' payloads, by position in the request. */
  static final class Payloads extends CommandOutput<String, Item, Map<String, byte[]>> {
    private final List<String> keys;
    private int index;

    Payloads(List<String> keys) {
      super(ItemCodec.INSTANCE, new HashMap<>(keys.size() * 4 / 3 + 1));
      this.keys = keys;
    }

    @Override
    public void set(ByteBuffer bytes) {
      String key = keys.get(index++);
      if (bytes != null) {
        output.put(key, Item.payloadOf(bytes));
      }
    }

    @Override
    public void multi(int count) {
      // The array header: its elements arrive through set, in request order.
    }
  }

  /** A {@code GET} reply as the payload with the item's version, or {@code null} when absent. */
  static final class VersionedItem extends CommandOutput<String, Item, Versioned> {
    VersionedItem() {
      super(ItemCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
      if (bytes != null) {
        long version = Item.versionOf(bytes);
        output = new Versioned(Item.payloadOf(bytes), version);
      }
    }
  }

  /** A {@code GET} reply as the payload, or {@code null}. */
  static final class Payload extends CommandOutput<String, Item, byte[]> {
    Payload() {
      super(ItemCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
      output = bytes == null ? null : Item.payloadOf(bytes);
    }
  }

  /** A reply that is text: {@code OK}, {@code INFO}; {@code null} for a nil reply (a refused {@code SET NX}). */
  static final class Text extends CommandOutput<String, Item, String> {
    Text() {
      super(ItemCodec.INSTANCE, null);
    }

    @Override
    public void set(ByteBuffer bytes) {
      output = bytes == null ? null : decodeString(bytes);
    }
  }

  /** An integer reply: {@code DEL}, {@code PEXPIRE}, a script's answer. */
  static final class Count extends CommandOutput<String, Item, Long> {
    Count() {
      super(ItemCodec.INSTANCE, null);
    }

    @Override
    public void set(long integer) {
      output = integer;
    }

    @Override
    public void set(ByteBuffer bytes) {
      // A script's nil (false in Lua) reaches here as a null bulk: it means 0.
      output = bytes == null ? 0L : Long.parseLong(decodeString(bytes));
    }
  }
}
