package io.replicheck.rdb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server 7.0 child process for interop tests: its own port and --dir, no saving, DEBUG
 * enabled, never port 6379. {@link #close()} kills it. Also a minimal binary-safe RESP2 client.
 */
final class RedisServer implements AutoCloseable {

  private final Process process;
  final int port;
  final Path dir;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A RESP error reply. */
  record Error(String message) {}

  private RedisServer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The tool on PATH at version 7.0.x, or one line that says what to install. */
  static String requireTool(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(d.isEmpty() ? "." : d, name);
      if (!f.canExecute()) {
        continue;
      }
      String version = versionOf(f.getPath());
      if (!version.matches("(?s).*\\b(v=)?7\\.0\\.\\d+\\b.*")) {
        throw new IllegalStateException(
            f
                + " is not 7.0.x ("
                + version.strip()
                + "): interop tests need "
                + "redis-server and redis-tools 7.0 (Debian 12: apt-get install redis-server redis-tools)");
      }
      return f.getPath();
    }
    throw new IllegalStateException(
        name
            + " is not on PATH: interop tests need redis-server and "
            + "redis-tools 7.0 (Debian 12: apt-get install redis-server redis-tools)");
  }

  private static String versionOf(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(tool + " --version did not answer within 10 s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + tool + " --version: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the version of " + tool, e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      int p = s.getLocalPort();
      if (p == 6379) {
        return freePort();
      }
      return p;
    }
  }

  /** Starts redis-server in {@code dir} (loading {@code dir/dbfilename} if it exists). */
  static RedisServer start(Path dir, String dbfilename, String... extra) throws Exception {
    String server = requireTool("redis-server");
    int port = freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                server,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--dbfilename",
                dbfilename,
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "yes",
                "--daemonize",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
    cmd.addAll(List.of(extra));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.out").toFile())
            .start();
    RedisServer r = new RedisServer(p, port, dir);
    try {
      r.connect();
    } catch (Exception e) {
      r.close();
      throw new IllegalStateException("redis-server did not come up: " + r.log(), e);
    }
    return r;
  }

  String log() {
    try {
      Path l = dir.resolve("redis.log");
      return Files.exists(l) ? Files.readString(l) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private void connect() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue());
      }
      try {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        Object pong = call("PING");
        if ("PONG".equals(pong)) {
          return;
        }
        // LOADING: wait until the dataset is in.
        socket.close();
      } catch (IOException e) {
        socket.close();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no PONG from redis-server on port " + port + " in 20 s");
      }
      Thread.sleep(50);
    }
  }

  Object call(Object... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] bytes = a instanceof byte[] x ? x : a.toString().getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(bytes);
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(b.toByteArray());
    out.flush();
    return reply();
  }

  /** Like {@link #call} but fails on an error reply. */
  Object ok(Object... args) throws IOException {
    Object r = call(args);
    if (r instanceof Error e) {
      throw new IllegalStateException("redis said " + e.message() + " to " + args[0]);
    }
    return r;
  }

  String str(Object... args) throws IOException {
    Object r = ok(args);
    return r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) r;
  }

  private Object reply() throws IOException {
    int t = in.read();
    String line = line();
    switch (t) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          byte[] d = in.readNBytes(n);
          in.readNBytes(2);
          return d;
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            l.add(reply());
          }
          return l;
        }
      default:
        throw new IOException("bad RESP type byte " + t);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.UTF_8);
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
        cursor = new String((byte[]) r.get(0), StandardCharsets.US_ASCII);
        for (Object k : (List<Object>) r.get(1)) {
          byte[] key = (byte[]) k;
          String type = (String) ok("TYPE", key);
          RdbValue v =
              switch (type) {
                case "string" -> new RdbValue.Str((byte[]) ok("GET", key), null);
                case "list" -> new RdbValue.ListValue(bytesList(ok("LRANGE", key, 0, -1)), null);
                case "set" -> new RdbValue.SetValue(bytesList(ok("SMEMBERS", key)), null);
                case "hash" -> {
                  List<byte[]> flat = bytesList(ok("HGETALL", key));
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

  @SuppressWarnings("unchecked")
  static List<byte[]> bytesList(Object reply) {
    List<byte[]> out = new ArrayList<>();
    for (Object o : (List<Object>) reply) {
      out.add((byte[]) o);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // the process is killed below either way
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs redis-check-rdb on a file; returns its exit code and output. */
  static String[] checkRdb(Path file) throws Exception {
    String checkRdb = requireTool("redis-check-rdb");
    Process p = new ProcessBuilder(checkRdb, file.toString()).redirectErrorStream(true).start();
    try {
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-check-rdb did not finish in 60 s");
      }
      return new String[] {
        Integer.toString(p.exitValue()), new String(output, StandardCharsets.UTF_8)
      };
    } finally {
      p.destroyForcibly();
    }
  }
}
