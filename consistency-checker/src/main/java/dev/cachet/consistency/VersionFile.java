package dev.cachet.consistency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The source of truth shared by every process of a run: one {@code long} version per key in a
 * memory-mapped file, changed only by atomic operations on the shared mapping.
 *
 * <p>Each version sits at an 8-byte aligned offset of a page-aligned mapping, where a byte-buffer
 * view {@link VarHandle} supports {@code getAndAdd} and {@code getVolatile} (a lock-prefixed
 * instruction on shared memory is atomic across processes as well as threads). So the versions of
 * one key are totally ordered: version {@code v} was written by exactly one write, and every
 * version after it by a write that incremented later. The checker relies on that order.
 */
final class VersionFile implements AutoCloseable {
  private static final VarHandle VERSIONS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final FileChannel channel;
  private final MappedByteBuffer versions;
  private final int keys;

  private VersionFile(FileChannel channel, int keys) throws IOException {
    this.channel = channel;
    this.keys = keys;
    this.versions = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) keys * Long.BYTES);
  }

  /** Creates (or empties) the file with {@code keys} versions, all 0. */
  static VersionFile create(Path path, int keys) {
    if (keys < 1) {
      throw new IllegalArgumentException("at least one key: " + keys);
    }
    try {
      Files.write(path, new byte[keys * Long.BYTES]);
      return open(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Maps an existing file made by {@link #create}. */
  static VersionFile open(Path path) {
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long size = channel.size();
      if (size == 0 || size % Long.BYTES != 0) {
        channel.close();
        throw new IllegalArgumentException(path + " is not a version file: " + size + " bytes");
      }
      return new VersionFile(channel, (int) (size / Long.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int keys() {
    return keys;
  }

  /** The current version of {@code id}. */
  long version(int id) {
    return (long) VERSIONS.getVolatile(versions, offset(id));
  }

  /** Increments the version of {@code id} and returns the version this call wrote. */
  long increment(int id) {
    return (long) VERSIONS.getAndAdd(versions, offset(id), 1L) + 1;
  }

  /** Every key's current version. */
  long[] snapshot() {
    long[] all = new long[keys];
    for (int id = 0; id < keys; id++) {
      all[id] = version(id);
    }
    return all;
  }

  private int offset(int id) {
    if (id < 0 || id >= keys) {
      throw new IndexOutOfBoundsException("key " + id + " of " + keys);
    }
    return id * Long.BYTES;
  }

  /** Closes the file; the mapping stays valid until it is collected, as Java cannot unmap. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
