package io.replicheck.explore;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one execution of a schedule found.
 *
 * @param verdict valid, invalid or unknown
 * @param failed ids of the invariants that were invalid (FS1, IS4, P1, ...)
 * @param dir the run's folder under store/, or null for a fake executor
 * @param summary a one-line description for logs
 */
public record Outcome(String verdict, Set<String> failed, Path dir, String summary) {

  public Outcome {
    failed = Set.copyOf(failed);
  }

  public boolean invalid() {
    return verdict.equals("invalid");
  }

  /** True when this run is invalid with one of {@code ids} (any invariant when ids is empty). */
  public boolean reproduces(Set<String> ids) {
    return invalid() && (ids.isEmpty() || failed.stream().anyMatch(ids::contains));
  }
}
