package io.replicheck.explore.coverage;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The features of server logs, gathered line by line so a log of millions of lines costs no more
 * memory than its distinct templates, and those are capped: past the cap given, new templates are
 * counted as dropped, not kept (a run that logs that many different lines is itself remarkable, and
 * {@code log:capped} says so).
 *
 * <p>Besides the templates themselves, as AFL counts edges and hit counts rather than blocks: each
 * pair of different templates that follow each other in one node's log ({@code edge:<a> => <b>},
 * the order of events a server went through: a partial resync accepted and then the link lost is
 * another path than the other way round), and how often each PSYNC outcome came in the run, in
 * AFL's buckets ({@code psync:master:FULLRESYNC/no-backlog#4-7}: a resync loop is not one resync).
 * The templates alone level off within minutes on a clean server, after which a comparison of
 * explorations measures noise.
 */
public final class LogFeatures {
  /** Lines longer than this are read up to here; the rest of the line is skipped. */
  public static final int MAX_LINE_CHARS = 4096;

  /** Roles whose lines are written asynchronously to the server's own, left out of edges. */
  static final Set<String> ASYNC_ROLES = Set.of("C", "signal");

  private final int maxTemplates;
  private final Set<String> templates = new LinkedHashSet<>();
  private final Set<String> psync = new LinkedHashSet<>();
  private final Set<String> edges = new LinkedHashSet<>();
  private final Map<String, Integer> psyncCounts = new HashMap<>();
  // the previous line's template in the log being read (null at a log's start)
  private String previous;
  // skeleton to feature: most lines repeat a template with other numbers
  private static final int CACHE_ENTRIES = 4096;
  private static final int CACHED_CHARS = 512;
  private final Map<String, String> cache = new HashMap<>();
  private long lines;
  private long dropped;

  public LogFeatures(int maxTemplates) {
    if (maxTemplates < 1) throw new IllegalArgumentException("maxTemplates must be at least 1");
    this.maxTemplates = maxTemplates;
  }

  /** Takes one log line. */
  public void accept(String line) {
    lines++;
    LogTemplates.Line l = LogTemplates.split(line);
    String feature;
    if (l.message().length() > CACHED_CHARS) {
      feature = new LogTemplates.Template(l.role(), LogTemplates.message(l.message())).feature();
    } else {
      String key = l.role() + ':' + LogTemplates.skeleton(l.message());
      feature = cache.get(key);
      if (feature == null) {
        feature = new LogTemplates.Template(l.role(), LogTemplates.message(l.message())).feature();
        if (cache.size() >= CACHE_ENTRIES) cache.clear(); // a few MB at most; it only saves time
        cache.put(key, feature);
      }
    }
    if (!templates.contains(feature)) {
      if (templates.size() < maxTemplates) templates.add(feature);
      else dropped++;
    }
    // an edge between two kept templates, as many as templates at most; a forked child's lines
    // (role C) and the signal handler's are written by another process or thread whenever it gets
    // there, so where they fall among the server's own lines is timing, not a path: they stay out
    // of edges (measured: such edges were a fifth of the edges seen once, docs/explore.md)
    if (!ASYNC_ROLES.contains(l.role())) {
      if (previous != null && !previous.equals(feature) && templates.contains(feature)) {
        String edge = "edge:" + previous.substring(4) + " => " + feature.substring(4);
        if (edges.size() < maxTemplates) edges.add(edge);
      }
      previous = templates.contains(feature) ? feature : null;
    }
    String p = PsyncOutcomes.of(l.role(), l.message());
    if (p != null) {
      psync.add(p);
      psyncCounts.merge(p, 1, Integer::sum);
    }
  }

  /** AFL's hit-count buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
  static String bucket(int hits) {
    if (hits <= 3) return Integer.toString(hits);
    if (hits <= 7) return "4-7";
    if (hits <= 15) return "8-15";
    if (hits <= 31) return "16-31";
    if (hits <= 127) return "32-127";
    return "128+";
  }

  /** Takes every line of an iterator (e.g. a list of hand-written lines). */
  public void acceptAll(Iterator<String> lines) {
    while (lines.hasNext()) accept(lines.next());
  }

  /** Reads a whole log, line by line, each line cut at {@link #MAX_LINE_CHARS}. */
  public void read(Reader in) throws IOException {
    previous = null; // edges stay within one node's log
    StringBuilder b = new StringBuilder(256);
    boolean cut = false;
    char[] buf = new char[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
          accept(stripCr(b));
          b.setLength(0);
          cut = false;
        } else if (!cut) {
          if (b.length() < MAX_LINE_CHARS) b.append(c);
          else cut = true;
        }
      }
    }
    if (b.length() > 0) accept(stripCr(b)); // a last line without its newline (a log cut short)
  }

  /**
   * The features so far: the templates kept, the PSYNC outcomes and their hit-count buckets, the
   * edges between templates, and {@code log:capped} if any templates were dropped.
   */
  public Set<String> features() {
    Set<String> out = new LinkedHashSet<>(templates);
    out.addAll(psync);
    psyncCounts.forEach((p, n) -> out.add(p + "#" + bucket(n)));
    out.addAll(edges);
    if (dropped > 0) out.add("log:capped");
    return out;
  }

  public long lines() {
    return lines;
  }

  /** New templates not kept because the cap was reached. */
  public long droppedTemplates() {
    return dropped;
  }

  private static String stripCr(StringBuilder b) {
    int len = b.length();
    if (len > 0 && b.charAt(len - 1) == '\r') len--;
    return b.substring(0, len);
  }
}
