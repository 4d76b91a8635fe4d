package io.replicheck.server.replication;

import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.ServerCore;
import io.replicheck.server.persist.RdbPersistence;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The master's full syncs, at the I/O edge: takes the point-in-time snapshot on the command thread
 * in the same step that sends {@code +FULLRESYNC} (so the snapshot and the offset agree), writes it
 * as RDB on a worker thread, and hands the bytes to the replicas on the command thread: to disk
 * then {@code $<len>} + file (repl-diskless-sync no), or straight to the sockets framed {@code
 * $EOF:<40 random chars>} ... mark (diskless). Replicas that arrive while a disk snapshot is being
 * written share it.
 */
final class FullSyncJob {
  private static final int CHUNK = 64 * 1024;

  private final ServerCore core;
  private final ReplicationMaster master;
  private final ReplicationSettings settings;
  private final RdbPersistence persistence;
  private final ReplicationLogSink log;
  private final Supplier<Map<String, String>> aux;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "replicheck-repl-sync");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param aux the RDB aux fields for a replication snapshot, taken on the command thread (repl-id,
   *     repl-offset, repl-stream-db with the others)
   */
  FullSyncJob(
      ServerCore core,
      ReplicationMaster master,
      ReplicationSettings settings,
      RdbPersistence persistence,
      ReplicationLogSink log,
      Supplier<Map<String, String>> aux) {
    this.core = core;
    this.master = master;
    this.settings = settings;
    this.persistence = persistence;
    this.log = log;
    this.aux = aux;
  }

  /** Starts a snapshot when replicas wait for one. Command thread. */
  void maybeStart() {
    if (!master.fullSync().shouldStartSnapshot()) {
      return;
    }
    // Diskless only when every waiting replica understands the EOF framing.
    boolean diskless = settings.replDisklessSync();
    for (ReplicaClient r : master.replicas()) {
      if (r.state() == ReplicaClientState.WAIT_BGSAVE_START && !r.capaEof()) {
        diskless = false;
      }
    }
    List<ReplicaClient> targets = master.fullSync().startSnapshot(!diskless);
    if (targets.isEmpty()) {
      return;
    }
    long seq = persistence.nextSnapshotSeq();
    Keyspace.Snapshot snap = core.keyspace().snapshot();
    Map<String, String> fields = aux.get();
    RdbWriteOptions options = persistence.writeOptions();
    int keySaveDelay = core.config().rdbKeySaveDelay;
    if (diskless) {
      String mark = ReplicationIds.randomId(new java.security.SecureRandom());
      for (ReplicaClient r : targets) {
        master.fullSync().sendingSnapshot(r);
        master
            .fullSync()
            .sendSnapshotBytes(r, ("$EOF:" + mark + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      worker.execute(() -> streamDiskless(snap, fields, options, keySaveDelay, targets, mark));
    } else {
      worker.execute(() -> writeDisk(snap, seq, fields, options, keySaveDelay));
    }
  }

  private void streamDiskless(
      Keyspace.Snapshot snap,
      Map<String, String> fields,
      RdbWriteOptions options,
      int keySaveDelay,
      List<ReplicaClient> targets,
      String mark) {
    try (OutputStream out = new ChunkPoster(targets)) {
      RdbPersistence.writeSnapshot(snap, out, options, fields, keySaveDelay);
      out.write(mark.getBytes(StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      fail(snap, e);
      return;
    }
    core.executor()
        .execute(
            () -> {
              snap.close();
              for (ReplicaClient r : targets) {
                master.fullSync().snapshotDelivered(r, true);
              }
              log.log(
                  ReplicationLogSink.Level.NOTICE,
                  "Diskless rdb transfer, done reading from pipe, "
                      + targets.size()
                      + " replicas still up.");
              master.fullSync().snapshotFinished();
              maybeStart();
            });
  }

  private void writeDisk(
      Keyspace.Snapshot snap,
      long seq,
      Map<String, String> fields,
      RdbWriteOptions options,
      int keySaveDelay) {
    Path tmp =
        persistence.file().resolveSibling("temp-repl-" + ProcessHandle.current().pid() + ".rdb");
    long size;
    InputStream opened = null;
    try {
      try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
          OutputStream out = new BufferedOutputStream(fos, CHUNK)) {
        RdbPersistence.writeSnapshot(snap, out, options, fields, keySaveDelay);
        out.flush();
        fos.getFD().sync();
      }
      size = Files.size(tmp);
      // Replicas get this snapshot's bytes, the one their +FULLRESYNC offset names, even if a
      // SAVE replaces the dump file meanwhile: the open file outlives its rename or deletion.
      opened = Files.newInputStream(tmp);
      persistence.install(tmp, seq);
    } catch (IOException | RuntimeException e) {
      try {
        if (opened != null) opened.close();
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Best effort.
      }
      fail(snap, e);
      return;
    }
    InputStream snapshotFile = opened;
    core.executor()
        .execute(
            () -> {
              snap.close();
              log.log(ReplicationLogSink.Level.NOTICE, "Background saving terminated with success");
              // Every replica waiting on this snapshot, including those that joined it meanwhile.
              List<ReplicaClient> targets = new ArrayList<>();
              for (ReplicaClient r : master.replicas()) {
                if (r.state() == ReplicaClientState.WAIT_BGSAVE_END) {
                  master.fullSync().sendingSnapshot(r);
                  master
                      .fullSync()
                      .sendSnapshotBytes(
                          r, ("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
                  targets.add(r);
                }
              }
              worker.execute(() -> sendFile(snapshotFile, targets));
            });
  }

  private void sendFile(InputStream snapshotFile, List<ReplicaClient> targets) {
    try (InputStream in = snapshotFile;
        OutputStream out = new ChunkPoster(targets)) {
      in.transferTo(out);
    } catch (IOException | RuntimeException e) {
      core.executor()
          .execute(
              () -> master.fullSync().snapshotFailed("can't read the RDB file: " + e.getMessage()));
      return;
    }
    core.executor()
        .execute(
            () -> {
              for (ReplicaClient r : targets) {
                master.fullSync().snapshotDelivered(r, false);
              }
              master.fullSync().snapshotFinished();
              maybeStart();
            });
  }

  private void fail(Keyspace.Snapshot snap, Exception e) {
    core.executor()
        .execute(
            () -> {
              snap.close();
              log.log(
                  ReplicationLogSink.Level.WARNING, "Background saving error: " + e.getMessage());
              master.fullSync().snapshotFailed(String.valueOf(e.getMessage()));
              maybeStart();
            });
  }

  void shutdown() {
    worker.shutdownNow();
  }

  /**
   * Cuts what the worker writes into chunks and hands each to the replicas on the command thread.
   */
  private final class ChunkPoster extends OutputStream {
    private final List<ReplicaClient> targets;
    private final byte[] buf = new byte[CHUNK];
    private int n;

    ChunkPoster(List<ReplicaClient> targets) {
      this.targets = targets;
    }

    @Override
    public void write(int b) {
      buf[n++] = (byte) b;
      if (n == buf.length) {
        post();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int k = Math.min(len, buf.length - n);
        System.arraycopy(b, off, buf, n, k);
        n += k;
        off += k;
        len -= k;
        if (n == buf.length) {
          post();
        }
      }
    }

    @Override
    public void flush() {
      post();
    }

    @Override
    public void close() {
      post();
    }

    private void post() {
      if (n == 0) {
        return;
      }
      byte[] chunk = Arrays.copyOf(buf, n);
      n = 0;
      core.executor()
          .execute(
              () -> {
                for (ReplicaClient r : targets) {
                  master.fullSync().sendSnapshotBytes(r, chunk);
                }
              });
    }
  }
}
