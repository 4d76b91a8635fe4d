package io.replicheck.rdb;

import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.RespClient;
import io.replicheck.testkit.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server 7.0 for the RDB interop tests (testkit's process, in {@code dir}, loading {@code
 * dir/dbfilename} if it exists) with one client connection, and its dataset read back as {@link
 * RdbEntry}s. {@link #close()} kills it.
 */
final class RedisServer implements AutoCloseable {
  private final RedisServerProcess process;
  private final RespClient client;
  final int port;

  private RedisServer(RedisServerProcess process, RespClient client) {
    this.process = process;
    this.client = client;
    this.port = process.port;
  }

  static RedisServer start(Path dir, String dbfilename, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--dbfilename", dbfilename));
    args.addAll(List.of(extra));
    RedisServerProcess p = RedisServerProcess.redis(dir, args.toArray(String[]::new));
    try {
      return new RedisServer(p, p.client());
    } catch (IOException e) {
      p.close();
      throw e;
    }
  }

  String log() {
    return process.log();
  }

  /** A reply, bulk strings as bytes; an error reply fails. */
  Object ok(Object... args) throws IOException {
    return client.ok(args);
  }

  String str(Object... args) throws IOException {
    return client.str(args);
  }

  /**
   * Reads the whole dataset back with commands (SCAN, TYPE, GET/LRANGE/HGETALL/SMEMBERS,
   * PEXPIRETIME).
   */
  @SuppressWarnings("unchecked")
  List<RdbEntry> dataset(int databases) throws IOException {
    List<RdbEntry> out = new ArrayList<>();
    for (int db = 0; db < databases; db++) {
      ok("SELECT", db);
      String cursor = "0";
      do {
        List<Object> r = (List<Object>) ok("SCAN", cursor, "COUNT", 1000);
        cursor = (String) RespClient.text(r.get(0));
        for (Object k : (List<Object>) r.get(1)) {
          byte[] key = (byte[]) k;
          String type = (String) ok("TYPE", key);
          RdbValue v =
              switch (type) {
                case "string" -> new RdbValue.Str((byte[]) ok("GET", key), null);
                case "list" ->
                    new RdbValue.ListValue(RespClient.bytesList(ok("LRANGE", key, 0, -1)), null);
                case "set" ->
                    new RdbValue.SetValue(RespClient.bytesList(ok("SMEMBERS", key)), null);
                case "zset" -> {
                  List<byte[]> flat = RespClient.bytesList(ok("ZRANGE", key, 0, -1, "WITHSCORES"));
                  List<byte[]> members = new java.util.ArrayList<>();
                  List<Double> scores = new java.util.ArrayList<>();
                  for (int i = 0; i < flat.size(); i += 2) {
                    members.add(flat.get(i));
                    scores.add(Doubles.parse(flat.get(i + 1)));
                  }
                  yield new RdbValue.ZSetValue(members, scores, null);
                }
                case "hash" -> {
                  List<byte[]> flat = RespClient.bytesList(ok("HGETALL", key));
                  List<byte[]> f = new ArrayList<>();
                  List<byte[]> vals = new ArrayList<>();
                  for (int i = 0; i < flat.size(); i += 2) {
                    f.add(flat.get(i));
                    vals.add(flat.get(i + 1));
                  }
                  yield new RdbValue.HashValue(f, vals, null);
                }
                default -> throw new IllegalStateException("unexpected type " + type);
              };
          long exp = (Long) ok("PEXPIRETIME", key);
          out.add(new RdbEntry(db, key, v, exp < 0 ? RdbEntry.NO_EXPIRE : exp));
        }
      } while (!cursor.equals("0"));
    }
    ok("SELECT", 0);
    return out;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // the process is killed below either way
    }
    process.close();
  }

  /** Runs redis-check-rdb on a file; returns its exit code and output. */
  static String[] checkRdb(Path file) throws IOException {
    Tools.Result r =
        Tools.run(List.of(Tools.require("redis-check-rdb").toString(), file.toString()), null, 60);
    return new String[] {Integer.toString(r.exitCode()), r.output()};
  }
}
