package io.replicheck.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server, or any binary that takes redis-server's arguments (the reference server's jar),
 * as a child process for tests: on a free 127.0.0.1 port, with its own dir, log file and stdout
 * file, no saving, DEBUG enabled. {@link #start} returns once it answers PING (LOADING is waited
 * out) or fails within a bound with the tail of its log; {@link #close} kills it by PID.
 */
public final class RedisServerProcess implements AutoCloseable {
  /** How long a server may take to answer PING. */
  private static final long READY_SECONDS = 30;

  public final String name;
  public final int port;
  public final Path dir;
  public final Path logFile;
  private final Path stdoutFile;
  private final Process process;

  private RedisServerProcess(String name, int port, Path dir, Process process) {
    this.name = name;
    this.port = port;
    this.dir = dir;
    this.logFile = dir.resolve(name + ".log");
    this.stdoutFile = dir.resolve(name + ".out");
    this.process = process;
  }

  /** redis-server 7.0 from PATH in {@code dir}; {@code extra} directives come last and win. */
  public static RedisServerProcess redis(Path dir, String... extra) throws IOException {
    return start("redis-server", List.of(Tools.require("redis-server").toString()), dir, extra);
  }

  /**
   * Starts {@code command} (the binary and its leading arguments, such as {@code java -jar x.jar})
   * with the standard arguments, then {@code extra}, and waits until it answers PING.
   *
   * @param name names the log ({@code name.log}) and stdout ({@code name.out}) files in dir
   */
  public static RedisServerProcess start(
      String name, List<String> command, Path dir, String... extra) throws IOException {
    return start(name, command, dir, Tools.freePort(), extra);
  }

  /**
   * As {@link #start(String, List, Path, String...)} on a given port (a restart on the same one).
   */
  public static RedisServerProcess start(
      String name, List<String> command, Path dir, int port, String... extra) throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(args(port, dir, dir.resolve(name + ".log").toString()));
    cmd.addAll(List.of(extra));
    RedisServerProcess s =
        new RedisServerProcess(
            name,
            port,
            dir,
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start());
    try {
      s.awaitReady();
    } catch (AssertionError | IOException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * The arguments every test server starts with: port, 127.0.0.1 only, its dir, no RDB saves, no
   * AOF, not daemonized, DEBUG enabled, the log to {@code logfile} ("" for stdout). For tests that
   * start a server in-process with the same arguments.
   */
  public static List<String> args(int port, Path dir, String logfile) {
    return List.of(
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
        "--daemonize",
        "no",
        "--enable-debug-command",
        "yes",
        "--logfile",
        logfile);
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    String last = "no answer";
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " at start:\n" + tail());
      }
      try (RespClient c = RespClient.connect(port)) {
        Object pong = c.reply("PING");
        if ("PONG".equals(pong)) {
          return;
        }
        last = String.valueOf(pong instanceof RespClient.Error e ? e.message() : pong);
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name
                + " did not answer PING on port "
                + port
                + " within "
                + READY_SECONDS
                + " s ("
                + last
                + "):\n"
                + tail());
      }
      sleep(50);
    }
  }

  /** A new client connection to this server. */
  public RespClient client() throws IOException {
    return RespClient.connect(port);
  }

  /** redis-cli against this server; its output, stripped. */
  public String cli(String... args) throws IOException {
    return Tools.cli(port, args).output().strip();
  }

  /** The process id, for tests that signal the server themselves. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The server's log file so far ("" before it has one). */
  public String log() {
    return LogFiles.read(logFile);
  }

  /** The last 3000 characters of the log and stdout, for failure messages. */
  public String tail() {
    return LogFiles.tail(logFile, stdoutFile);
  }

  /** Sleeps, failing the test when interrupted. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Kills the process by its PID (SIGKILL: nothing is saved) and waits at most 10 s for it. */
  @Override
  public void close() {
    ProcessHandle h = process.toHandle();
    h.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port + " (pid " + process.pid() + ")";
  }
}
