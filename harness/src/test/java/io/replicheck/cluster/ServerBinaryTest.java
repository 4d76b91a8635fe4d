package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerBinaryTest {

  @Test
  void theReferenceServersClassPathIsAbsoluteSoNodesFindItFromTheirOwnFolders() {
    String cwd = Path.of("").toAbsolutePath().toString();
    String cp = ServerBinary.absolute("target/x.jar" + File.pathSeparator + "/opt/y.jar");
    assertThat(cp.split(File.pathSeparator))
        .containsExactly(Path.of(cwd, "target", "x.jar").toString(), "/opt/y.jar");
    assertThat(((ServerBinary.Reference) ServerBinary.reference()).classPath())
        .doesNotStartWith("target")
        .startsWith("/");
  }

  @Test
  void extraNodeJvmOptionsComeAfterTheDefaultsSoTheyOverrideThem() {
    String before = System.getProperty("replicheck.node-jvm-opts");
    System.setProperty("replicheck.node-jvm-opts", " -Xmx2g  -Xmn256m ");
    try {
      java.util.List<String> cmd =
          ServerBinary.reference().command(java.util.List.of("--port", "1"));
      assertThat(cmd).containsSubsequence("-Xmx1g", "-Xmx2g", "-Xmn256m", "-cp");
    } finally {
      if (before == null) System.clearProperty("replicheck.node-jvm-opts");
      else System.setProperty("replicheck.node-jvm-opts", before);
    }
  }
}
