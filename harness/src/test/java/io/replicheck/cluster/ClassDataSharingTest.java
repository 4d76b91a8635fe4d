package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data sharing options (the launcher's and a reference node's) must never break a run: a
 * missing, corrupt or foreign archive gives a normal start with the same stdout.
 */
class ClassDataSharingTest {

  @TempDir Path dir;

  private static final Path HISTORY =
      Path.of("..", "corpus", "knossos", "data", "cas-register", "bad", "cas-failure.edn");

  private record Run(int exit, String out) {}

  /**
   * {@code check} of a small history in a new JVM with {@code jvmOptions}, on the test class path.
   */
  private static Run check(List<String> jvmOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.replicheck.cli.Main",
            "check",
            HISTORY.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("check finished").isTrue();
    // the verdict line carries the time taken; everything else must be byte for byte the same
    String text = new String(out, StandardCharsets.UTF_8).replaceAll("[0-9.]+ ms\\)", "T ms)");
    return new Run(p.exitValue(), text);
  }

  private List<String> options(Path archive) {
    System.setProperty("replicheck.cds", archive.toString());
    try {
      return ServerBinary.classDataSharing(dir.resolve("replicheck.jar").toString());
    } finally {
      System.clearProperty("replicheck.cds");
    }
  }

  @Test
  void optionsOnlyForOneJarAndAnArchiveThatExists() throws IOException {
    Path archive = Files.writeString(dir.resolve("a.jsa"), "x");
    assertThat(ServerBinary.classDataSharing("x.jar")).as("no property").isEmpty();
    System.setProperty("replicheck.cds", archive.toString());
    try {
      assertThat(ServerBinary.classDataSharing("x.jar"))
          .contains("-Xshare:auto", "-XX:SharedArchiveFile=" + archive, "-Xlog:disable");
      assertThat(ServerBinary.classDataSharing("target/classes")).as("a folder").isEmpty();
      assertThat(ServerBinary.classDataSharing("a.jar" + java.io.File.pathSeparator + "b.jar"))
          .as("two entries")
          .isEmpty();
      System.setProperty("replicheck.cds", dir.resolve("missing.jsa").toString());
      assertThat(ServerBinary.classDataSharing("x.jar")).as("no archive").isEmpty();
    } finally {
      System.clearProperty("replicheck.cds");
    }
  }

  @Test
  void aCorruptOrForeignArchiveFallsBackToANormalStart() throws Exception {
    Run plain = check(List.of());
    assertThat(plain.exit()).isEqualTo(1);
    assertThat(plain.out()).startsWith("invalid ").contains("cannot linearize");

    Path garbage = Files.writeString(dir.resolve("garbage.jsa"), "not an archive\n".repeat(100));
    Path empty = Files.createFile(dir.resolve("empty.jsa"));
    // the JDK's own archive: a real archive, made for another class path and without our classes
    Path jdk = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
    List<Path> archives = new ArrayList<>(List.of(garbage, empty));
    if (Files.isRegularFile(jdk)) {
      // truncated: a real header, then nothing
      byte[] head = new byte[4096];
      try (var in = Files.newInputStream(jdk)) {
        int n = in.readNBytes(head, 0, head.length);
        archives.add(Files.write(dir.resolve("truncated.jsa"), java.util.Arrays.copyOf(head, n)));
      }
      archives.add(Files.copy(jdk, dir.resolve("foreign.jsa")));
    }
    for (Path archive : archives) {
      Run r = check(options(archive));
      assertThat(r.exit()).as(archive.getFileName().toString()).isEqualTo(plain.exit());
      assertThat(r.out()).as(archive.getFileName().toString()).isEqualTo(plain.out());
    }
  }
}
