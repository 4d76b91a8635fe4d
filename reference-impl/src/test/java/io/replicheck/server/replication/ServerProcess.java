package io.replicheck.server.replication;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process for interop tests: redis-server 7.0 or the reference server (the shaded jar of
 * this module), on a free port with its own dir and log file. Fails with a clear message when the
 * binary is missing; {@link #close} kills it.
 */
final class ServerProcess implements AutoCloseable {
  final String name;
  final int port;
  final Path dir;
  final Path logFile;
  private final Process process;

  private ServerProcess(String name, int port, Path dir, Path logFile, Process process) {
    this.name = name;
    this.port = port;
    this.dir = dir;
    this.logFile = logFile;
    this.process = process;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * redis-server with --enable-debug-command yes, --save '', its own dir; extra directives after.
   */
  static ServerProcess redis(String name, Path root, String... extra) throws IOException {
    String exe = which("redis-server");
    if (exe == null) {
      throw new AssertionError(
          "redis-server is not on PATH (needed by the interop tests): install redis-server 7.0");
    }
    requireVersion70(exe);
    int port = freePort();
    Path dir = Files.createDirectories(root.resolve(name));
    Path log = dir.resolve("server.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                exe,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "yes",
                "--logfile",
                log.toString(),
                "--repl-diskless-sync-delay",
                "0"));
    cmd.addAll(List.of(extra));
    return start(name, port, dir, log, cmd);
  }

  /** The reference server from this module's shaded jar. */
  static ServerProcess reference(String name, Path root, String... extra) throws IOException {
    Path jar = referenceJar();
    int port = freePort();
    Path dir = Files.createDirectories(root.resolve(name));
    Path log = dir.resolve("server.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx1g",
                "-jar",
                jar.toString(),
                "--port",
                Integer.toString(port),
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--enable-debug-command",
                "yes",
                "--logfile",
                log.toString(),
                "--repl-diskless-sync-delay",
                "0"));
    cmd.addAll(List.of(extra));
    return start(name, port, dir, log, cmd);
  }

  static Path referenceJar() {
    try {
      Path classes =
          Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path jar = classes.getParent().resolve("replicheck-server.jar");
      if (!Files.exists(jar)) {
        throw new AssertionError(
            "reference server jar missing at " + jar + " (run the package phase first)");
      }
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Interop tests accept any redis-server 7.0.x; another version is one clear error. */
  private static void requireVersion70(String exe) throws IOException {
    Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || !out.contains("v=7.0.")) {
        throw new AssertionError(
            exe
                + " is not redis-server 7.0.x ("
                + out.strip()
                + "): interop tests need "
                + "redis-server 7.0 (Debian 12: apt-get install redis-server)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading the version of " + exe, e);
    } finally {
      p.destroyForcibly();
    }
  }

  private static String which(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, exe);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static ServerProcess start(String name, int port, Path dir, Path log, List<String> cmd)
      throws IOException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .start();
    ServerProcess sp = new ServerProcess(name, port, dir, log, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError(name + " exited at start: " + sp.tail());
      }
      if (Files.exists(log) && Files.readString(log).contains("Ready to accept connections")) {
        return sp;
      }
      sleep(50);
    }
    sp.close();
    throw new AssertionError(name + " did not get ready in 30 s: " + sp.tail());
  }

  RespClient client() throws IOException {
    return new RespClient(port);
  }

  String log() throws IOException {
    return Files.exists(logFile) ? Files.readString(logFile) : "";
  }

  String tail() {
    try {
      String l = log() + Files.readString(dir.resolve("stdout.txt"));
      return l.length() > 3000 ? l.substring(l.length() - 3000) : l;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Deletes a test's temp folder. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temp files; best effort.
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
