package io.replicheck.explore.scale;

import static io.replicheck.report.html.Html.esc;
import static io.replicheck.report.html.Html.href;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.report.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same schedules on several servers, as a table: per server and invariant, how many runs judged
 * it valid, invalid, unknown or not exercised, with links to the failing runs' reports. Written as
 * {@code matrix.json} and {@code matrix.html} in the explore folder: the compatibility table of a
 * redis-compatible server.
 */
public final class ServerMatrix {

  /** One run's invariant verdicts: id to verdict ({@code valid}, {@code invalid}, ...). */
  public record RunVerdicts(
      String server, long seed, String runDir, String verdict, Map<String, String> invariants) {}

  /** One cell: the runs of one server by what they said of one invariant. */
  public static final class Cell {
    int valid;
    int invalid;
    int unknown;
    int notExercised;
    final List<String> failingRuns = new ArrayList<>();

    public int valid() {
      return valid;
    }

    public int invalid() {
      return invalid;
    }

    public int unknown() {
      return unknown;
    }

    public int notExercised() {
      return notExercised;
    }

    /** Run folders (relative to the store) where the invariant was invalid. */
    public List<String> failingRuns() {
      return List.copyOf(failingRuns);
    }
  }

  private final List<String> servers;
  private final List<String> invariants;
  private final Map<String, Map<String, Cell>> cells;
  private final Map<String, Map<String, Integer>> runs;

  private ServerMatrix(
      List<String> servers,
      List<String> invariants,
      Map<String, Map<String, Cell>> cells,
      Map<String, Map<String, Integer>> runs) {
    this.servers = servers;
    this.invariants = invariants;
    this.cells = cells;
    this.runs = runs;
  }

  /** The matrix of {@code results}, servers in the order given. */
  public static ServerMatrix build(List<String> servers, List<RunVerdicts> results) {
    TreeMap<String, Boolean> ids = new TreeMap<>(ServerMatrix::byId);
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> runs = new LinkedHashMap<>();
    for (String s : servers) {
      cells.put(s, new TreeMap<>());
      runs.put(s, new TreeMap<>());
    }
    for (RunVerdicts r : results) {
      Map<String, Cell> row = cells.get(r.server());
      if (row == null) throw new IllegalArgumentException("unknown server " + r.server());
      runs.get(r.server()).merge(r.verdict(), 1, Integer::sum);
      r.invariants()
          .forEach(
              (id, v) -> {
                ids.put(id, true);
                Cell c = row.computeIfAbsent(id, k -> new Cell());
                switch (v) {
                  case "valid" -> c.valid++;
                  case "invalid" -> {
                    c.invalid++;
                    if (r.runDir() != null) c.failingRuns.add(r.runDir());
                  }
                  case "not_exercised", "not exercised" -> c.notExercised++;
                  default -> c.unknown++;
                }
              });
    }
    return new ServerMatrix(List.copyOf(servers), List.copyOf(ids.keySet()), cells, runs);
  }

  /** FS2 before FS10, IS3 before P1: letters, then the number. */
  private static int byId(String a, String b) {
    String pa = a.replaceAll("[0-9]+$", "");
    String pb = b.replaceAll("[0-9]+$", "");
    if (!pa.equals(pb)) return pa.compareTo(pb);
    String na = a.substring(pa.length());
    String nb = b.substring(pb.length());
    if (!na.isEmpty() && !nb.isEmpty() && na.length() != nb.length())
      return Integer.compare(na.length(), nb.length());
    return na.compareTo(nb);
  }

  /** The invariant verdicts in a run folder's results.json. */
  public static RunVerdicts read(String server, long seed, Path store, Path runDir) {
    Map<String, String> inv = new LinkedHashMap<>();
    String verdict = "error";
    Path results = runDir == null ? null : runDir.resolve("results.json");
    if (results != null && Files.isRegularFile(results)) {
      try {
        JsonNode j = ExploreSummary.JSON.readTree(results.toFile());
        verdict = j.path("verdict").asText("unknown");
        for (JsonNode i : j.path("invariants"))
          inv.put(i.path("id").asText(), i.path("verdict").asText("unknown"));
      } catch (IOException e) {
        verdict = "error";
      }
    }
    return new RunVerdicts(server, seed, ExploreSummary.runDir(store, runDir), verdict, inv);
  }

  public List<String> servers() {
    return servers;
  }

  public List<String> invariants() {
    return invariants;
  }

  /** The cell of a server and invariant; an empty one when no run of it judged the invariant. */
  public Cell cell(String server, String invariant) {
    return cells.getOrDefault(server, Map.of()).getOrDefault(invariant, new Cell());
  }

  /** Runs of a server by verdict. */
  public Map<String, Integer> runs(String server) {
    return Map.copyOf(runs.get(server));
  }

  public ObjectNode json() {
    ObjectNode j = ExploreSummary.JSON.createObjectNode();
    j.put("version", 1);
    ArrayNode ss = j.putArray("servers");
    servers.forEach(ss::add);
    ArrayNode is = j.putArray("invariants");
    invariants.forEach(is::add);
    ObjectNode m = j.putObject("matrix");
    for (String s : servers) {
      ObjectNode row = m.putObject(s);
      ObjectNode r = row.putObject("runs");
      runs.get(s).forEach(r::put);
      for (String id : invariants) {
        Cell c = cell(s, id);
        ObjectNode o = row.putObject(id);
        o.put("valid", c.valid);
        o.put("invalid", c.invalid);
        o.put("unknown", c.unknown);
        o.put("notExercised", c.notExercised);
        ArrayNode f = o.putArray("failingRuns");
        c.failingRuns.forEach(f::add);
      }
    }
    return j;
  }

  /** A cell as text: {@code 12} valid, {@code 3!} invalid, {@code -} never exercised. */
  static String cellText(Cell c) {
    if (c.invalid > 0) return c.invalid + "/" + (c.valid + c.invalid + c.unknown) + " INVALID";
    if (c.valid + c.unknown == 0) return c.notExercised > 0 ? "not exercised" : "-";
    return c.valid + " valid" + (c.unknown > 0 ? ", " + c.unknown + " unknown" : "");
  }

  /** The matrix as a text table, one row per server, for the summary on the terminal. */
  public String table() {
    List<List<String>> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("invariant"));
    head.addAll(servers);
    rows.add(head);
    for (String id : invariants) {
      List<String> row = new ArrayList<>(List.of(id));
      for (String s : servers) row.add(cellText(cell(s, id)));
      rows.add(row);
    }
    int[] w = new int[head.size()];
    for (List<String> r : rows)
      for (int i = 0; i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
    StringBuilder b = new StringBuilder();
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++)
        b.append(String.format(Locale.ROOT, "%-" + (w[i] + 2) + "s", r.get(i)));
      while (b.length() > 0 && b.charAt(b.length() - 1) == ' ') b.setLength(b.length() - 1);
      b.append('\n');
    }
    return b.toString();
  }

  /** Writes matrix.json and matrix.html into {@code exploreDir}; links go to the runs' reports. */
  public void write(Path exploreDir, Path store) {
    try {
      AtomicFiles.write(
          exploreDir.resolve("matrix.json"),
          w -> w.write(ExploreSummary.JSON.writeValueAsString(json()) + "\n"));
      AtomicFiles.write(exploreDir.resolve("matrix.html"), w -> w.write(html(exploreDir, store)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the matrix in " + exploreDir, e);
    }
  }

  String html(Path exploreDir, Path store) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>replicheck: servers x invariants</title>\n<style>")
        .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;")
        .append("text-align:left;vertical-align:top}.bad{background:#ffebe9;color:#cf222e}")
        .append(".ok{color:#1a7f37}.none{color:#888}</style></head><body>\n")
        .append("<h1>Servers x invariants</h1>\n<p>The same schedules (same seeds) ran on every")
        .append(" server. A cell counts the runs that judged the invariant valid, invalid,")
        .append(" unknown or not exercised; failing runs link to their reports.</p>\n<table><tr>")
        .append("<th>invariant</th>");
    for (String s : servers) b.append("<th>").append(esc(s)).append("</th>");
    b.append("</tr>\n<tr><td>runs</td>");
    for (String s : servers) b.append("<td>").append(esc(runs.get(s).toString())).append("</td>");
    b.append("</tr>\n");
    for (String id : invariants) {
      b.append("<tr><th>").append(esc(id)).append("</th>");
      for (String s : servers) {
        Cell c = cell(s, id);
        String cls = c.invalid > 0 ? "bad" : c.valid > 0 ? "ok" : "none";
        b.append("<td class=\"").append(cls).append("\">").append(esc(cellText(c)));
        if (c.notExercised > 0 && c.valid + c.invalid + c.unknown > 0)
          b.append(" (").append(c.notExercised).append(" not exercised)");
        int n = 0;
        for (String run : c.failingRuns) {
          String link = ExploreSummary.report(store, exploreDir, run);
          b.append("<br><a href=\"")
              .append(href(link))
              .append("\">")
              .append(esc(run))
              .append("</a>");
          if (++n == 10 && c.failingRuns.size() > n) {
            b.append("<br>… ").append(c.failingRuns.size() - n).append(" more in matrix.json");
            break;
          }
        }
        b.append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }
}
