package io.replicheck.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds a node image offline, {@code FROM scratch}: no registry is ever asked for anything. A host
 * binary goes in with the shared libraries {@code ldd} lists for it, at the same paths; the
 * reference server goes in as a jlink runtime plus this JVM's class path.
 */
final class NodeImage {

  private static final Pattern LDD_PATH = Pattern.compile("(/\\S+)\\s+\\(0x");

  /**
   * What the reference server needs of the JDK (Netty needs jdk.unsupported; Logback java.xml,
   * java.naming).
   */
  private static final String RUNTIME_MODULES =
      "java.base,java.logging,java.management,java.naming,java.xml,java.desktop,jdk.unsupported,java.sql";

  /** The image and the command prefix that starts the server in it. */
  record Built(String image, List<String> command) {}

  private NodeImage() {}

  static Built build(ServerBinary binary) {
    try {
      Path cache = Path.of(System.getProperty("user.home"), ".cache", "replicheck");
      return binary instanceof ServerBinary.External e ? hostBinary(e.path()) : reference(cache);
    } catch (IOException e) {
      throw new ClusterException("cannot build the node image: " + e.getMessage(), e);
    }
  }

  /** The image of a host binary (a sentinel's redis-server), its command the binary's path. */
  static Built hostImage(Path path) {
    try {
      return hostBinary(path);
    } catch (IOException e) {
      throw new ClusterException("cannot build the image of " + path + ": " + e.getMessage(), e);
    }
  }

  private static Built hostBinary(Path path) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    files.add(path);
    files.addAll(sharedLibraries(path));
    String tag = "replicheck/node-bin:" + fingerprint(files);
    ImageFromDockerfile image = new ImageFromDockerfile(tag, false);
    StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
    int i = 0;
    for (Path f : files) {
      String ctx = "f" + i++;
      image.withFileFromPath(ctx, f.toRealPath());
      dockerfile.append("COPY ").append(ctx).append(' ').append(f).append('\n');
    }
    image.withFileFromString("Dockerfile", dockerfile.toString());
    return new Built(buildImage(image), List.of(path.toString()));
  }

  private static Built reference(Path cache) throws IOException {
    // jlink takes seconds: one runtime per JDK version, kept between runs.
    Path runtime = cache.resolve("jre-" + Runtime.version());
    if (!Files.isExecutable(runtime.resolve("bin/java"))) {
      Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
      if (!Files.isExecutable(jlink)) {
        throw new ClusterException(
            "the container backend needs a JDK with jlink (" + jlink + " is missing)");
      }
      run(
          List.of(
              jlink.toString(),
              "--add-modules",
              RUNTIME_MODULES,
              "--strip-debug",
              "--no-header-files",
              "--no-man-pages",
              "--output",
              runtime.toString()));
    }
    List<Path> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && Files.exists(Path.of(entry)))
        classPath.add(Path.of(entry).toAbsolutePath());
    }
    Set<Path> libs = new LinkedHashSet<>();
    try (Stream<Path> walk = Files.walk(runtime)) {
      for (Path f :
          walk.filter(
                  p ->
                      Files.isRegularFile(p)
                          && (p.toString().endsWith(".so") || p.endsWith("bin/java")))
              .toList()) {
        libs.addAll(sharedLibraries(f));
      }
    }
    Set<Path> fingerprinted = new LinkedHashSet<>(classPath);
    fingerprinted.addAll(libs);
    String tag = "replicheck/node-reference:" + fingerprint(fingerprinted);
    ImageFromDockerfile image = new ImageFromDockerfile(tag, false);
    StringBuilder dockerfile = new StringBuilder("FROM scratch\nCOPY jre /opt/jre\n");
    image.withFileFromPath("jre", runtime);
    int i = 0;
    for (Path lib : libs) {
      String ctx = "lib" + i++;
      image.withFileFromPath(ctx, lib.toRealPath());
      dockerfile.append("COPY ").append(ctx).append(' ').append(lib).append('\n');
    }
    List<String> cp = new ArrayList<>();
    i = 0;
    for (Path entry : classPath) {
      String ctx = "cp" + i;
      String target = "/opt/cp/" + i + (Files.isDirectory(entry) ? "" : "/" + entry.getFileName());
      image.withFileFromPath(ctx, entry);
      dockerfile.append("COPY ").append(ctx).append(' ').append(target).append('\n');
      cp.add(target);
      i++;
    }
    image.withFileFromString("Dockerfile", dockerfile.toString());
    return new Built(
        buildImage(image),
        List.of(
            "/opt/jre/bin/java",
            "-XX:-UsePerfData",
            "-Xms64m",
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-cp",
            String.join(":", cp),
            "io.replicheck.server.ServerMain"));
  }

  /** Builds (or finds, by tag) the image; bounded, since a stuck engine must not hang a run. */
  private static String buildImage(ImageFromDockerfile image) {
    try {
      String tag = image.getDockerImageName();
      try {
        org.testcontainers.DockerClientFactory.instance().client().inspectImageCmd(tag).exec();
        return tag; // built before from the same inputs
      } catch (com.github.dockerjava.api.exception.NotFoundException notYet) {
        // build it below
      }
      String built = image.get(10, TimeUnit.MINUTES);
      pruneStale(built, System.currentTimeMillis() / 1000 - STALE_AFTER_SECONDS);
      return built;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new ClusterException("building the node image took over 10 minutes");
    } catch (RuntimeException e) {
      throw new ClusterException(
          "cannot build the node image (is Docker running?): " + e.getMessage(), e);
    } catch (Exception e) {
      throw new ClusterException("cannot build the node image: " + e.getMessage(), e);
    }
  }

  /** Images of one repository older than this are removed when a newer one is built. */
  static final long STALE_AFTER_SECONDS = 24 * 3600;

  /**
   * Removes the images of the same repository (other fingerprints: an older build of the harness or
   * of the binary) made before {@code cutoff} (epoch seconds; a day ago) that no container uses, so
   * rebuilding does not fill the disk with about 150 MB an image. Never forced: an image a
   * container still uses stays, and a recent one may belong to another checkout's run. Best effort:
   * a failure leaves the image.
   */
  static void pruneStale(String built, long cutoff) {
    String repository = built.substring(0, built.lastIndexOf(':'));
    try {
      var client = org.testcontainers.DockerClientFactory.instance().client();
      for (com.github.dockerjava.api.model.Image i :
          client.listImagesCmd().withImageNameFilter(repository).exec()) {
        List<String> tags = i.getRepoTags() == null ? List.of() : List.of(i.getRepoTags());
        boolean ours = tags.stream().allMatch(t -> t.startsWith(repository + ":"));
        if (!ours || tags.contains(built) || i.getCreated() == null || i.getCreated() > cutoff) {
          continue;
        }
        try {
          client.removeImageCmd(i.getId()).withForce(false).exec();
        } catch (RuntimeException inUse) {
          // a container (running or stopped) still uses it, or the engine said no: keep it
        }
      }
    } catch (RuntimeException e) {
      // pruning is housekeeping; the run goes on
    }
  }

  /** The absolute paths {@code ldd} prints for a file (libraries and the dynamic loader). */
  static List<Path> sharedLibraries(Path file) throws IOException {
    Process p = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Path> libs = new ArrayList<>();
    Matcher m = LDD_PATH.matcher(out);
    while (m.find()) libs.add(Path.of(m.group(1)));
    return libs;
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new ClusterException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted");
    }
  }

  /** A tag from the files' paths, sizes and times: the same inputs reuse the image. */
  private static String fingerprint(Set<Path> files) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(f)) {
          sha.update(Long.toString(Files.size(f)).getBytes(StandardCharsets.UTF_8));
          sha.update(
              Long.toString(Files.getLastModifiedTime(f).toMillis())
                  .getBytes(StandardCharsets.UTF_8));
        } else {
          try (Stream<Path> walk = Files.walk(f)) {
            sha.update(
                Long.toString(
                        walk.filter(Files::isRegularFile)
                            .mapToLong(q -> q.toFile().lastModified())
                            .max()
                            .orElse(0))
                    .getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
