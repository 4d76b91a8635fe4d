package io.replicheck.rdb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Saving an RDB file the way redis does: write "temp-&lt;pid&gt;.rdb" next to the target, fsync,
 * then rename over the target, so a crash never leaves a half-written dump under the real name.
 */
public final class RdbFiles {
  private RdbFiles() {}

  /** Writes {@code entries} to {@code file} atomically; returns the file's size in bytes. */
  public static long save(
      Path file, RdbWriteOptions options, Map<String, String> aux, Iterable<RdbEntry> entries)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp =
        dir.resolve(
            "temp-"
                + ProcessHandle.current().pid()
                + "-"
                + Thread.currentThread().getId()
                + ".rdb");
    try (FileChannel ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out =
            new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
      RdbWriter.writeAll(out, options, aux, entries);
      out.flush();
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return Files.size(file);
  }
}
