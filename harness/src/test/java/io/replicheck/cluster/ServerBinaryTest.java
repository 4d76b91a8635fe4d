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
}
