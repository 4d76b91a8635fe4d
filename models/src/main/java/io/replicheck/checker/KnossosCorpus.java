package io.replicheck.checker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The histories published with Knossos ({@code shared/corpus/knossos}): {@code
 * data/<model>/good/*.edn} must check valid and {@code data/<model>/bad/*.edn} invalid under that
 * model.
 */
public final class KnossosCorpus {

  /**
   * One corpus file.
   *
   * @param file the EDN history
   * @param model the model folder it sits in (cas-register, multi-register, mutex)
   * @param expected valid for good/, invalid for bad/
   */
  public record Case(Path file, String model, Verdict expected) {
    /** {@code cas-register/good/foo.edn}. */
    public String name() {
      return model + "/" + (expected == Verdict.VALID ? "good" : "bad") + "/" + file.getFileName();
    }
  }

  private KnossosCorpus() {}

  /**
   * Finds the corpus by walking up from {@code from}: the copy in the repository ({@code
   * corpus/knossos}), else a {@code shared/corpus/knossos} beside or above it.
   */
  public static Optional<Path> locate(Path from) {
    for (Path d = from.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      for (Path c :
          List.of(
              d.resolve("corpus").resolve("knossos"),
              d.resolve("shared").resolve("corpus").resolve("knossos"))) {
        if (Files.isDirectory(c.resolve("data"))) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** Every case, sorted by name; fails when the folder holds none. */
  public static List<Case> cases(Path corpus) {
    Path data = corpus.resolve("data");
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(data)) {
      files
          .filter(p -> p.toString().endsWith(".edn"))
          .sorted()
          .forEach(
              p -> {
                Path rel = data.relativize(p);
                if (rel.getNameCount() == 3) {
                  String verdict = rel.getName(1).toString();
                  if (verdict.equals("good") || verdict.equals("bad")) {
                    out.add(
                        new Case(
                            p,
                            rel.getName(0).toString(),
                            verdict.equals("good") ? Verdict.VALID : Verdict.INVALID));
                  }
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + data, e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no <model>/good|bad/*.edn histories under " + data);
    }
    return out;
  }
}
