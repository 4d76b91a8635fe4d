package io.replicheck.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a node runs: the reference server (on this JVM's class path) or any redis-server compatible
 * binary. Knows the command line and the version, so clusters pass only the options that version
 * accepts.
 */
public sealed interface ServerBinary {

  /** A short description for reports: path and version. */
  String describe();

  ServerVersion version();

  /** The full command line that starts one node with the given redis-server style arguments. */
  List<String> command(List<String> serverArgs);

  /** True for the reference implementation, which also takes {@code --inject-bug}. */
  default boolean isReference() {
    return this instanceof Reference;
  }

  /**
   * The reference server, run as {@code java -cp <our class path> io.replicheck.server.ServerMain}.
   */
  static ServerBinary reference() {
    return new Reference(absolute(System.getProperty("java.class.path")));
  }

  /**
   * A class path with every entry made absolute: nodes start in their own folders, where {@code
   * java -jar harness/target/replicheck.jar} (a relative path) named nothing.
   */
  static String absolute(String classPath) {
    List<String> out = new ArrayList<>();
    for (String e : classPath.split(File.pathSeparator)) {
      out.add(e.isEmpty() ? e : Path.of(e).toAbsolutePath().normalize().toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /**
   * A binary given by path, e.g. /usr/bin/redis-server, or by a bare name looked up on PATH
   * (redis-server); its version is read once here.
   */
  static ServerBinary external(Path path) {
    path = resolve(path);
    if (!Files.isExecutable(path)) {
      throw new ClusterException("server binary " + path + " does not exist or is not executable");
    }
    return new External(path.toAbsolutePath(), readVersion(path));
  }

  /** A bare name ({@code redis-server}) found on PATH; any other path as given. */
  static Path resolve(Path path) {
    return path.getParent() == null && !Files.exists(path) ? onPath(path.toString()) : path;
  }

  /** The first executable of that name on PATH, or the bare name when there is none. */
  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) return p;
    }
    return Path.of(name);
  }

  /** The reference server. */
  record Reference(String classPath) implements ServerBinary {
    @Override
    public String describe() {
      return "replicheck reference server (7.0-compatible)";
    }

    @Override
    public ServerVersion version() {
      return new ServerVersion("replicheck", 7, 0, 15);
    }

    @Override
    public List<String> command(List<String> serverArgs) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // Several nodes share 2 cores: a serial collector keeps each node to one GC thread.
      cmd.add("-Xms64m");
      cmd.add("-Xmx1g");
      cmd.add("-XX:+UseSerialGC");
      cmd.addAll(nodeJvmOptions());
      cmd.addAll(classDataSharing(classPath));
      cmd.add("-cp");
      cmd.add(classPath);
      cmd.add("io.replicheck.server.ServerMain");
      cmd.addAll(serverArgs);
      return cmd;
    }
  }

  /**
   * Extra JVM options for every reference node, after the defaults so that they override them: the
   * system property {@code replicheck.node-jvm-opts}, split on spaces (through
   * REPLICHECK_JAVA_OPTS, e.g. {@code -Dreplicheck.node-jvm-opts=-Xmn256m}).
   */
  static List<String> nodeJvmOptions() {
    String opts = System.getProperty("replicheck.node-jvm-opts", "").strip();
    return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
  }

  /**
   * The JVM options that start a reference node from the launcher's class-data sharing archive
   * (system property {@code replicheck.cds}, set by bin/replicheck; docs/benchmarks.md), or none
   * when there is no archive or the class path is not the one jar it was made for. A stale or
   * corrupt archive is not fatal: with {@code -Xshare:auto} the JVM starts without it, and its
   * warnings go to the node's log, never to stdout's startup lines.
   */
  static List<String> classDataSharing(String classPath) {
    String archive = System.getProperty("replicheck.cds");
    if (archive == null
        || classPath.contains(File.pathSeparator)
        || !classPath.endsWith(".jar")
        || !Files.isRegularFile(Path.of(archive))) {
      return List.of();
    }
    return List.of(
        "-Xshare:auto",
        "-XX:SharedArchiveFile=" + archive,
        "-Xlog:disable",
        "-Xlog:all=warning:stderr");
  }

  /** A redis-server compatible binary. */
  record External(Path path, ServerVersion version) implements ServerBinary {
    @Override
    public String describe() {
      return path + " (" + version + ")";
    }

    @Override
    public List<String> command(List<String> serverArgs) {
      List<String> cmd = new ArrayList<>();
      cmd.add(path.toString());
      cmd.addAll(serverArgs);
      return cmd;
    }
  }

  private static ServerVersion readVersion(Path path) {
    try {
      Process p =
          new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ClusterException(path + " --version did not answer within 10 s");
      }
      return ServerVersion.parse(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClusterException("cannot run " + path + " --version: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ClusterException(
          path + " is not a redis-server compatible binary: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while reading the version of " + path, e);
    }
  }
}
