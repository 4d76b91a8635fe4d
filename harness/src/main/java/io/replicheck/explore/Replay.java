package io.replicheck.explore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code replay.json}: a failing schedule with everything needed to run it again (target server,
 * bug, options, seed) and what it failed with. Versioned; a file that is not a valid replay gives
 * one {@link ReplayException} naming the file and the problem.
 *
 * @param version the format version, {@link #VERSION}
 * @param seed seeds the clients' op choices
 * @param schedule the (shrunk) schedule
 * @param target server, bug and options
 * @param failed ids of the invariants the schedule broke
 * @param command the command that re-runs it
 * @param shrink how it was shrunk, or null when it was not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Replay(
    int version,
    long seed,
    Schedule schedule,
    Target target,
    List<String> failed,
    String command,
    ShrinkInfo shrink) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * @param originalSteps steps of the schedule that failed first
   * @param candidatesTried candidates tested while shrinking
   * @param runs executions while shrinking
   * @param budgetExhausted true when shrinking stopped on its budget
   */
  public record ShrinkInfo(
      int originalSteps, int candidatesTried, int runs, boolean budgetExhausted) {}

  public Replay {
    failed = failed == null ? List.of() : List.copyOf(failed);
  }

  /** Writes atomically (a temp file then a move), so a crash never leaves half a replay. */
  public Path write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new ReplayException("cannot write " + file + ": " + e.getMessage());
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads and validates a replay file. */
  public static Replay read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ReplayException(file + ": no such file");
    } catch (IOException e) {
      throw new ReplayException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Parses replay JSON; {@code name} is used in error messages. */
  public static Replay parse(String name, String text) {
    int version;
    try {
      var tree = JSON.readTree(text);
      if (tree == null || !tree.isObject())
        throw new ReplayException(name + ": not a replay file (expected a JSON object)");
      var v = tree.get("version");
      if (v == null || !v.canConvertToInt())
        throw new ReplayException(name + ": not a replay file (no \"version\")");
      version = v.asInt();
    } catch (JsonProcessingException e) {
      throw new ReplayException(name + ": not valid JSON: " + e.getOriginalMessage() + location(e));
    }
    if (version != VERSION) {
      throw new ReplayException(
          name
              + ": replay format version "
              + version
              + " is not supported (this replicheck reads version "
              + VERSION
              + ")");
    }
    Replay r;
    try {
      r = JSON.readValue(text, Replay.class);
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      int hint = why.indexOf(" (set DeserializationConfig");
      if (hint > 0) why = why.substring(0, hint);
      throw new ReplayException(
          name + ": not a valid replay: " + why.replace('\n', ' ') + location(e));
    }
    if (r.schedule() == null)
      throw new ReplayException(name + ": not a valid replay: no \"schedule\"");
    if (r.target() == null) throw new ReplayException(name + ": not a valid replay: no \"target\"");
    try {
      r.schedule().validate();
    } catch (IllegalArgumentException e) {
      throw new ReplayException(name + ": invalid schedule: " + e.getMessage());
    }
    return r;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** The command line that re-runs a replay file. */
  public static String commandFor(Path file) {
    return "bin/replicheck replay " + file;
  }
}
