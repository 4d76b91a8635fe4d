package io.replicheck.explore.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The features of one finished run, read from its store folder: {@code nodes/<n>/server.log} (log
 * templates and PSYNC outcomes), {@code samples.jsonl} (INFO transitions and counters) and {@code
 * results.json} (the verdict of every invariant, {@code verdict:<id>:<verdict>}). Missing files
 * give no features of their kind; what could not be read is listed in {@link #problems}.
 *
 * @param features every feature, sorted
 * @param logLines log lines read
 * @param droppedTemplates new log templates not kept because the cap was reached
 * @param problems files that were missing or unreadable, one short line each
 */
public record RunFeatures(
    Set<String> features, long logLines, long droppedTemplates, List<String> problems) {
  /** Distinct log templates kept per run by {@link #read(Path)}. */
  public static final int DEFAULT_MAX_TEMPLATES = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  public RunFeatures {
    features = Collections.unmodifiableSet(new TreeSet<>(features));
    problems = List.copyOf(problems);
  }

  /**
   * The features of the run in {@code runDir}, at most {@link #DEFAULT_MAX_TEMPLATES} templates.
   */
  public static RunFeatures read(Path runDir) {
    return read(runDir, DEFAULT_MAX_TEMPLATES);
  }

  public static RunFeatures read(Path runDir, int maxTemplates) {
    List<String> problems = new ArrayList<>();
    LogFeatures logs = new LogFeatures(maxTemplates);
    Path nodes = runDir.resolve("nodes");
    if (Files.isDirectory(nodes)) {
      List<Path> logFiles = new ArrayList<>();
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(nodes)) {
        for (Path d : dirs) {
          Path log = d.resolve("server.log");
          if (Files.isRegularFile(log)) logFiles.add(log);
        }
      } catch (IOException e) {
        problems.add(nodes + ": " + e.getMessage());
      }
      Collections.sort(logFiles);
      for (Path log : logFiles) {
        // redis writes Latin-1 safe ASCII; any byte reads as some char
        try (Reader r = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
          logs.read(r);
        } catch (IOException e) {
          problems.add(log + ": " + e.getMessage());
        }
      }
    } else {
      problems.add(nodes + ": missing");
    }
    Set<String> features = new TreeSet<>(logs.features());
    features.addAll(samples(runDir.resolve("samples.jsonl"), problems));
    features.addAll(verdicts(runDir.resolve("results.json"), problems));
    return new RunFeatures(features, logs.lines(), logs.droppedTemplates(), problems);
  }

  /**
   * The INFO features of a samples.jsonl, streamed; lines that are not samples are skipped and
   * counted.
   */
  static Set<String> samples(Path file, List<String> problems) {
    InfoFeatures info = new InfoFeatures();
    if (!Files.isRegularFile(file)) {
      problems.add(file + ": missing");
      return info.features();
    }
    int bad = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        try {
          info.accept(InfoReading.fromSampleJson(line));
        } catch (IllegalArgumentException e) {
          bad++; // a torn last line of a run that was cut short
        }
      }
    } catch (IOException e) {
      problems.add(file + ": " + e.getMessage());
    }
    if (bad > 0) problems.add(file + ": " + bad + " lines are not samples");
    return info.features();
  }

  /** {@code verdict:<id>:<verdict>} per invariant of a results.json. */
  static Set<String> verdicts(Path file, List<String> problems) {
    Set<String> out = new TreeSet<>();
    if (!Files.isRegularFile(file)) {
      problems.add(file + ": missing");
      return out;
    }
    try {
      out.addAll(verdicts(JSON.readTree(file.toFile())));
    } catch (IOException e) {
      problems.add(file + ": " + e.getMessage());
    }
    return out;
  }

  /** {@code verdict:<id>:<verdict>} per invariant of a parsed results.json. */
  public static Set<String> verdicts(JsonNode results) {
    Set<String> out = new TreeSet<>();
    for (JsonNode i : results.path("invariants")) {
      String id = i.path("id").asText("");
      String verdict = i.path("verdict").asText("");
      if (!id.isEmpty() && !verdict.isEmpty()) out.add("verdict:" + id + ":" + verdict);
    }
    return out;
  }
}
