package io.replicheck.server.persist;

import io.replicheck.rdb.Doubles;
import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbValue;
import io.replicheck.rdb.RdbWriteOptions;
import io.replicheck.server.core.Keyspace;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an AOF base file from a snapshot (rewriteAppendOnlyFile): with {@code aof-use-rdb-preamble
 * yes} an RDB file whose aux fields say {@code aof-base 1} (no replication info, as redis writes
 * none there); otherwise the commands that rebuild the dataset (rewriteAppendOnlyFileRio): FUNCTION
 * LOAD per library, SELECT per db, SET / RPUSH / SADD / ZADD / HMSET in batches of 64 items,
 * PEXPIREAT for a key with a time to live. The file is written to a temp name and synced; the
 * caller renames it into place.
 */
final class AofRewrite {
  /** AOF_REWRITE_ITEMS_PER_CMD. */
  static final int ITEMS_PER_CMD = 64;

  private AofRewrite() {}

  /** Writes the base file {@code tmp} from {@code snap}; returns its size. */
  static long writeBase(
      Path tmp,
      Keyspace.Snapshot snap,
      boolean rdbPreamble,
      RdbWriteOptions options,
      Map<String, String> aux)
      throws IOException {
    try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
        OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
      if (rdbPreamble) {
        RdbPersistence.writeSnapshot(snap, out, options, aux);
      } else {
        writeCommands(snap, out);
      }
      out.flush();
      fos.getFD().sync();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e instanceof IOException io ? io : new IOException(e.toString(), e);
    }
    return Files.size(tmp);
  }

  /** The dataset as commands (a base file without the RDB preamble). */
  static void writeCommands(Keyspace.Snapshot snap, OutputStream out) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 12);
    for (String library : snap.functionLibraries()) {
      emit(buf, out, new byte[][] {b("FUNCTION"), b("LOAD"), b(library)});
    }
    for (Keyspace.DbSnapshot db : snap.dbs()) {
      if (db.size() == 0) {
        continue;
      }
      emit(buf, out, new byte[][] {b("SELECT"), b(Integer.toString(db.db()))});
      for (RdbEntry e : db.entries()) {
        for (byte[][] cmd : commandsFor(e)) {
          emit(buf, out, cmd);
        }
      }
    }
  }

  private static void emit(ByteArrayOutputStream buf, OutputStream out, byte[][] argv)
      throws IOException {
    buf.reset();
    AofWriter.encode(buf, argv);
    buf.writeTo(out);
  }

  /** The commands that recreate one key, then its PEXPIREAT. */
  static List<byte[][]> commandsFor(RdbEntry e) {
    List<byte[][]> cmds = new ArrayList<>();
    byte[] key = e.key();
    RdbValue v = e.value();
    if (v instanceof RdbValue.Str s) {
      cmds.add(new byte[][] {b("SET"), key, s.value()});
    } else if (v instanceof RdbValue.ListValue l) {
      batches(cmds, "RPUSH", key, l.elements(), 1);
    } else if (v instanceof RdbValue.SetValue s) {
      batches(cmds, "SADD", key, s.members(), 1);
    } else if (v instanceof RdbValue.ZSetValue z) {
      List<byte[]> items = new ArrayList<>(z.members().size() * 2);
      for (int i = 0; i < z.members().size(); i++) {
        items.add(b(Doubles.formatG17(z.scores().get(i))));
        items.add(z.members().get(i));
      }
      batches(cmds, "ZADD", key, items, 2);
    } else if (v instanceof RdbValue.HashValue h) {
      List<byte[]> items = new ArrayList<>(h.fields().size() * 2);
      for (int i = 0; i < h.fields().size(); i++) {
        items.add(h.fields().get(i));
        items.add(h.values().get(i));
      }
      batches(cmds, "HMSET", key, items, 2);
    } else {
      throw new IllegalArgumentException(
          "a "
              + v.getClass().getSimpleName()
              + " value can only be rewritten with aof-use-rdb-preamble yes");
    }
    if (e.expireAtMs() != RdbEntry.NO_EXPIRE) {
      cmds.add(new byte[][] {b("PEXPIREAT"), key, b(Long.toString(e.expireAtMs()))});
    }
    return cmds;
  }

  /** Commands of at most ITEMS_PER_CMD items, an item being {@code width} arguments. */
  private static void batches(
      List<byte[][]> cmds, String name, byte[] key, List<byte[]> args, int width) {
    int perCmd = ITEMS_PER_CMD * width;
    for (int from = 0; from < args.size(); from += perCmd) {
      int to = Math.min(args.size(), from + perCmd);
      byte[][] cmd = new byte[2 + to - from][];
      cmd[0] = b(name);
      cmd[1] = key;
      for (int i = from; i < to; i++) {
        cmd[2 + i - from] = args.get(i);
      }
      cmds.add(cmd);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
