package io.replicheck.server.persist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends commands to the open incremental AOF file as feedAppendOnlyFile does: a SELECT before a
 * command whose db differs from the one the file last selected (none yet in a new file), then the
 * command as a RESP multibulk, optionally preceded by a {@code #TS:<unix seconds>} annotation when
 * the second changed ({@code aof-timestamp-enabled}). Each command is written to the file when it
 * is fed; {@link #fsync} makes it durable ({@code appendfsync} decides when).
 */
final class AofWriter implements AutoCloseable {
  private final FileChannel channel;
  private final Path path;
  private int selectedDb = -1;
  private long lastTimestamp = -1;
  private long size;
  private long syncedSize;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);

  private AofWriter(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
    channel.position(size);
    this.syncedSize = size;
  }

  /** Opens the file for appending: created if missing, emptied first when {@code fresh}. */
  static AofWriter open(Path path, boolean fresh) throws IOException {
    FileChannel ch =
        fresh
            ? FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)
            : FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    return new AofWriter(path, ch);
  }

  Path path() {
    return path;
  }

  /** Bytes in the file. */
  long size() {
    return size;
  }

  /** True when something was written since the last fsync. */
  boolean unsynced() {
    return size != syncedSize;
  }

  /**
   * Writes one command applied in {@code db}; {@code nowSeconds} is used only for timestamp
   * annotations (pass -1 for none).
   */
  void append(int db, byte[][] argv, long nowSeconds) throws IOException {
    buf.reset();
    if (nowSeconds >= 0 && nowSeconds != lastTimestamp) {
      lastTimestamp = nowSeconds;
      buf.writeBytes(("#TS:" + nowSeconds + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    if (db != selectedDb) {
      encode(buf, new byte[][] {bytes("SELECT"), bytes(Integer.toString(db))});
      selectedDb = db;
    }
    encode(buf, argv);
    write(buf.toByteArray());
  }

  private void write(byte[] b) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b);
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
    size += b.length;
  }

  /** fsync (fdatasync) of what was written; returns the bytes it made durable. */
  long fsync() throws IOException {
    long target = size;
    if (target != syncedSize) {
      channel.force(false);
      syncedSize = target;
    }
    return target;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** catAppendOnlyGenericCommand: {@code *<argc>\r\n} then {@code $<len>\r\n<bytes>\r\n} each. */
  static void encode(ByteArrayOutputStream out, byte[][] argv) {
    out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : argv) {
      out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(a);
      out.write('\r');
      out.write('\n');
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
