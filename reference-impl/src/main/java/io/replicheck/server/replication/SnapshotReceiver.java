package io.replicheck.server.replication;

import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbVisitor;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.persist.LoadProgressInputStream;
import io.replicheck.server.persist.RdbPersistence;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replica's edge for a snapshot transfer (redis's readSyncBulkPayload to disk): the bytes go to
 * {@code temp-<pid>.<link>.rdb} in {@code dir}, which replaces the dump file once complete and is
 * loaded, swapped in for the whole dataset (after a flush) or, with the no-flush-before-load bug,
 * added on top of it.
 */
final class SnapshotReceiver {
  private final ServerCore core;
  private final RdbPersistence persistence;
  private final ReplicationLogSink log;
  private Path file;
  private OutputStream out;
  private boolean flushFirst;

  SnapshotReceiver(ServerCore core, RdbPersistence persistence, ReplicationLogSink log) {
    this.core = core;
    this.persistence = persistence;
    this.log = log;
  }

  /** A transfer on link {@code linkId} starts: a fresh temp file. */
  void begin(long linkId) {
    discard();
    flushFirst = false;
    try {
      file =
          core.config()
              .dir
              .resolve("temp-" + ProcessHandle.current().pid() + "." + linkId + ".rdb");
      out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    } catch (IOException e) {
      log.log(
          ReplicationLogSink.Level.WARNING,
          "Opening the temp file needed for MASTER <-> REPLICA synchronization: " + e.getMessage());
      out = null;
    }
  }

  void write(byte[] bytes) {
    if (out == null) {
      return;
    }
    try {
      out.write(bytes);
    } catch (IOException e) {
      log.log(
          ReplicationLogSink.Level.WARNING,
          "Write error or short write writing to the DB dump file needed for MASTER <-> REPLICA"
              + " synchronization: "
              + e.getMessage());
      discard();
    }
  }

  /** The dataset is flushed before the load (the link said so): the snapshot replaces it. */
  void flushFirst() {
    flushFirst = true;
  }

  boolean flushesFirst() {
    return flushFirst;
  }

  boolean isOpen() {
    return out != null;
  }

  /** Drops the transfer and its temp file. */
  void discard() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // Dropped anyway.
      }
      out = null;
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Best effort.
      }
      file = null;
    }
  }

  /**
   * Moves the received file over the dump file ({@code afterMove} runs then) and loads it, calling
   * {@code whileLoading} as the load progresses (see {@link LoadProgressInputStream}); the old
   * dataset is flushed first unless {@code keepOldWhileLoading} (repl-diskless-load swapdb).
   * Returns the aux fields read when the snapshot was loaded on top; null when it was swapped in
   * (the persistence reports those to its aux listener).
   */
  Map<String, String> load(Runnable afterMove, Runnable whileLoading, boolean keepOldWhileLoading)
      throws IOException {
    Path target = persistence.file();
    out.close();
    out = null;
    // the newest snapshot: a BGSAVE of the data it replaces must not overwrite it later
    persistence.install(file, persistence.nextSnapshotSeq());
    file = null;
    afterMove.run();
    if (flushFirst) {
      if (!keepOldWhileLoading) {
        // As redis's emptyData before rdbLoad: the old dataset goes first, or a replica of a big
        // dataset holds two while it loads and spends the load collecting garbage (a one-hour run
        // saw a replica's 1 GB heap full and 93 full collections, and its master time it out).
        core.flushAllDbs();
      }
      Keyspace loaded;
      try (InputStream in = open(target, whileLoading)) {
        loaded = persistence.load(in);
      }
      // Swapping the loaded keyspace in replaces every db: flush and load in one step.
      core.swapInKeyspace(loaded);
      return null;
    }
    return loadOnTop(target, whileLoading);
  }

  /** The received snapshot, read with {@code whileLoading} called as the load goes. */
  private InputStream open(Path target, Runnable whileLoading) throws IOException {
    return new LoadProgressInputStream(
        new BufferedInputStream(Files.newInputStream(target), 1 << 16),
        progressInterval(),
        whileLoading);
  }

  /**
   * How often (bytes read) the load calls back. redis uses {@code
   * loading-process-events-interval-bytes} (2 MB), which it reads in milliseconds; this server can
   * take seconds for 2 MB on a starved CPU, longer than a master's repl-timeout, so it looks at the
   * clock every 16 KB at most (the newline itself goes out at most once a second).
   */
  private long progressInterval() {
    return Math.min(core.config().loadingProcessEventsIntervalBytes, 16 * 1024);
  }

  /** The no-flush-before-load bug: the snapshot's keys are added to the live dataset. */
  private Map<String, String> loadOnTop(Path target, Runnable whileLoading) throws IOException {
    Map<String, String> aux = new LinkedHashMap<>();
    try (InputStream in = open(target, whileLoading)) {
      RdbReader.read(
          in,
          new RdbVisitor() {
            @Override
            public void aux(String key, String value) {
              aux.put(key, value);
            }

            @Override
            public void entry(RdbEntry e) {
              core.keyspace().load(e, core.config().limits);
            }
          });
    }
    return aux;
  }
}
