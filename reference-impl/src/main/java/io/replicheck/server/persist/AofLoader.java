package io.replicheck.server.persist;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads the files of a manifest in order (loadAppendOnlyFiles / loadSingleAppendOnlyFile): a file
 * starting with {@code REDIS} is read as an RDB preamble first, then commands to its end. Only the
 * last file may end inside a command: with {@code aof-load-truncated yes} it is cut back to the
 * last whole command (an unfinished MULTI included) and loading goes on; otherwise, and for any
 * other damage, loading fails with one {@link AofFormatException} whose message is redis's log
 * line.
 */
final class AofLoader {
  /** Where loaded data goes. */
  interface Target {
    /** Reads one RDB stream (through its checksum, nothing after) as the dataset. */
    void loadRdb(InputStream in) throws IOException;

    /** Runs one command; throws {@link AofFormatException} for an unknown one. */
    void apply(byte[][] argv) throws IOException;

    /** Drops a transaction left open at the end of a file (its commands were queued only). */
    void discardOpenMulti();
  }

  /** What loading the files found: their total size and the base's. */
  record Loaded(long totalSize, long baseSize, boolean truncated) {}

  private AofLoader() {}

  static Loaded loadAll(
      Path dir, AofManifest manifest, boolean loadTruncated, Target target, Consumer<String> log)
      throws AofFormatException {
    List<AofManifest.FileInfo> files = manifest.loadOrder();
    long total = 0;
    long base = 0;
    boolean truncated = false;
    for (int i = 0; i < files.size(); i++) {
      AofManifest.FileInfo f = files.get(i);
      boolean last = i == files.size() - 1;
      long start = System.nanoTime();
      Path p = dir.resolve(f.name());
      long size;
      try {
        size = loadFile(p, last, loadTruncated, target, log);
      } catch (AofFormatException e) {
        throw e;
      } catch (NoSuchFileException e) {
        throw new AofFormatException(
            "Fatal error: the AOF file " + f.name() + " listed in the manifest doesn't exist");
      } catch (IOException e) {
        throw new AofFormatException(
            "Fatal error: can't read the append log file " + f.name() + ": " + e.getMessage());
      }
      if (size < 0) {
        truncated = true;
        size = -size - 1;
      }
      total += size;
      if (f.type() == AofManifest.Type.BASE) {
        base = size;
      }
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "DB loaded from %s file %s: %.3f seconds",
              f.type() == AofManifest.Type.BASE ? "base" : "incr",
              f.name(),
              (System.nanoTime() - start) / 1e9));
    }
    return new Loaded(total, base, truncated);
  }

  /**
   * Loads one file; returns its size, or {@code -(size + 1)} when its tail was cut off (aof
   * load-truncated).
   */
  static long loadFile(
      Path file, boolean last, boolean loadTruncated, Target target, Consumer<String> log)
      throws IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    if (size == 0) {
      return 0;
    }
    long validUpTo = 0;
    long validBeforeMulti = -1;
    boolean inMulti = false;
    try (Counting in = new Counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      in.mark(5);
      byte[] sig = in.readNBytes(5);
      in.reset();
      in.count = 0;
      if (sig.length == 5 && new String(sig, StandardCharsets.US_ASCII).equals("REDIS")) {
        try {
          target.loadRdb(in);
        } catch (IOException | RuntimeException e) {
          throw new AofFormatException(
              "Error reading the RDB preamble of the AOF file "
                  + name
                  + ", AOF loading aborted: "
                  + e.getMessage());
        }
        validUpTo = in.count;
      }
      AofCommandReader reader = new AofCommandReader(in, in.count);
      try {
        while (true) {
          byte[][] argv = reader.next();
          if (argv == null) {
            break;
          }
          String cmd =
              new String(argv[0], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
          if (cmd.equals("multi")) {
            validBeforeMulti = validUpTo;
            inMulti = true;
          } else if (cmd.equals("exec") || cmd.equals("discard")) {
            inMulti = false;
          }
          target.apply(argv);
          validUpTo = reader.offset();
        }
        if (inMulti) {
          log.accept("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
          throw new AofCommandReader.Truncated();
        }
        return size;
      } catch (AofCommandReader.Truncated e) {
        if (inMulti) {
          target.discardOpenMulti();
          validUpTo = validBeforeMulti;
        }
        if (!last) {
          throw new AofFormatException(
              "Fatal error: the truncated file is not the last file (" + name + ")");
        }
        if (!loadTruncated) {
          throw new AofFormatException(
              "Unexpected end of file reading the append only file "
                  + name
                  + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof"
                  + " --fix <filename.manifest>. 2) Alternatively you can set the"
                  + " 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        log.accept("!!! Warning: short read while loading the AOF file " + name + "!!!");
        log.accept("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(validUpTo);
          ch.force(true);
        }
        log.accept("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
        return -(validUpTo + 1);
      } catch (AofFormatException e) {
        String detail = e.getMessage();
        if (detail.startsWith("Unknown command")) {
          throw new AofFormatException(detail + " reading the append only file " + name);
        }
        throw new AofFormatException(
            "Bad file format reading the append only file "
                + name
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix"
                + " <filename.manifest> ("
                + detail
                + ")");
      }
    }
  }

  /** Counts the bytes read (the offset commands end at). */
  private static final class Counting extends FilterInputStream {
    long count;
    private long markCount;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count++;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }

    @Override
    public synchronized void mark(int limit) {
      super.mark(limit);
      markCount = count;
    }

    @Override
    public synchronized void reset() throws IOException {
      super.reset();
      count = markCount;
    }
  }
}
