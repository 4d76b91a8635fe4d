package io.replicheck.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample run folders in test resources, copied where a test may write. */
final class Samples {
  static final String VALID = "20261125-080000-list-append-11";
  static final String INVALID = "20261125-080500-list-append-12";
  static final String UNKNOWN = "20261125-081000-list-append-13";

  private Samples() {}

  static Path resources() {
    try {
      return Path.of(Samples.class.getResource("/runs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies every sample run into {@code store} and returns it. */
  static Path copyAll(Path store) throws IOException {
    try (Stream<Path> s = Files.walk(resources())) {
      for (Path p : s.toList()) {
        Path target = store.resolve(resources().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return store;
  }

  /** Where a test may leave files worth looking at (the module's build folder). */
  static Path buildDir() {
    try {
      return Path.of(Samples.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
