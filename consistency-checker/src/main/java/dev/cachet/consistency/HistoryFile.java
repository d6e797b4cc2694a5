package dev.cachet.consistency;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One worker's history: a 16-byte header (magic, format, process) and then fixed-size 40-byte
 * records, little-endian: type, flags (1 byte each), thread (2), key (4), start, mid, end,
 * version (8 each).
 *
 * <p>Fixed-size binary records so that recording costs a few stores into a thread's own buffer
 * (written out 64 KiB at a time), next to the tens of microseconds of an operation: the recorder
 * must not be what decides which interleavings happen. Records of different threads interleave in
 * the file in blocks; the checker needs no order.
 */
final class HistoryFile {
  static final int RECORD_BYTES = 40;
  private static final int MAGIC = 0x43484b31; // "CHK1"
  /** 2: the flags say whether a call hit a transport fault and whether an invalidation was acknowledged. */
  private static final int FORMAT = 2;
  private static final int HEADER_BYTES = 16;
  private static final int BUFFER_BYTES = 64 * 1024 / RECORD_BYTES * RECORD_BYTES;
  private static final OpType[] TYPES = OpType.values();

  private HistoryFile() {}

  /** Opens a new history for {@code process}; each thread records through its own {@link Recorder}. */
  static Writer create(Path path, int process) throws IOException {
    return new Writer(path, process);
  }

  /**
   * Replays every record of the file, in file order, and returns how many there were.
   *
   * @throws IOException when the file is not a history, or ends inside a record (a worker that
   *     died while writing)
   */
  static long replay(Path path, Consumer<Op> sink) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, header);
      if (header.remaining() != 0 || header.getInt(0) != MAGIC || header.getInt(4) != FORMAT) {
        // An older format lacks the fault flags: checked as format 2, every stale read would be
        // judged as if no fault had happened, so it is refused rather than misread.
        throw new IOException(path + " is not a history file of format " + FORMAT);
      }
      int process = header.getInt(8);
      long size = channel.size() - HEADER_BYTES;
      if (size % RECORD_BYTES != 0) {
        throw new IOException(path + " ends inside a record: the worker stopped while writing");
      }
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES * 16).order(ByteOrder.LITTLE_ENDIAN);
      long records = 0;
      while (true) {
        buffer.clear();
        readFully(channel, buffer);
        buffer.flip();
        if (!buffer.hasRemaining()) {
          return records;
        }
        while (buffer.remaining() >= RECORD_BYTES) {
          OpType type = TYPES[buffer.get()];
          int flags = buffer.get();
          int thread = buffer.getShort();
          int key = buffer.getInt();
          sink.accept(
              new Op(process, thread, type, key, buffer.getLong(), buffer.getLong(), buffer.getLong(),
                  buffer.getLong(), flags));
          records++;
        }
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // FileChannel.read may return fewer bytes than asked: keep reading until full or at the end.
    }
  }

  /** The file being written by one worker. */
  static final class Writer implements AutoCloseable {
    private final FileChannel channel;
    private final ReentrantLock writing = new ReentrantLock();
    private final List<Recorder> recorders = new ArrayList<>();

    private Writer(Path path, int process) throws IOException {
      this.channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(MAGIC).putInt(FORMAT).putInt(process).putInt(0).flip();
      write(header);
    }

    /** A recorder for one thread; only that thread may use it, until {@link #close()}. */
    Recorder recorder(int thread) {
      if (thread < 0 || thread > Short.MAX_VALUE) {
        throw new IllegalArgumentException("thread index out of range: " + thread);
      }
      Recorder recorder = new Recorder(this, thread);
      writing.lock();
      try {
        recorders.add(recorder);
      } finally {
        writing.unlock();
      }
      return recorder;
    }

    private void write(ByteBuffer full) throws IOException {
      writing.lock();
      try {
        while (full.hasRemaining()) {
          channel.write(full);
        }
      } finally {
        writing.unlock();
      }
    }

    /** Writes what every recorder still holds; call it once their threads have ended. */
    @Override
    public void close() throws IOException {
      try {
        for (Recorder recorder : recorders) {
          recorder.flush();
        }
      } finally {
        channel.close();
      }
    }
  }

  /** One thread's buffer of records. */
  static final class Recorder {
    private final Writer writer;
    private final short thread;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private Recorder(Writer writer, int thread) {
      this.writer = writer;
      this.thread = (short) thread;
    }

    void record(OpType type, int flags, int key, long start, long mid, long end, long version)
        throws IOException {
      buffer
          .put((byte) type.ordinal())
          .put((byte) flags)
          .putShort(thread)
          .putInt(key)
          .putLong(start)
          .putLong(mid)
          .putLong(end)
          .putLong(version);
      if (!buffer.hasRemaining()) {
        flush();
      }
    }

    private void flush() throws IOException {
      buffer.flip();
      writer.write(buffer);
      buffer.clear();
    }
  }
}
