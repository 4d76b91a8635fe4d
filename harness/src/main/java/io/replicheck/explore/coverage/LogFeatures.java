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
 */
public final class LogFeatures {
  /** Lines longer than this are read up to here; the rest of the line is skipped. */
  public static final int MAX_LINE_CHARS = 4096;

  private final int maxTemplates;
  private final Set<String> templates = new LinkedHashSet<>();
  private final Set<String> psync = new LinkedHashSet<>();
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
    String p = PsyncOutcomes.of(l.role(), l.message());
    if (p != null) psync.add(p);
  }

  /** Takes every line of an iterator (e.g. a list of hand-written lines). */
  public void acceptAll(Iterator<String> lines) {
    while (lines.hasNext()) accept(lines.next());
  }

  /** Reads a whole log, line by line, each line cut at {@link #MAX_LINE_CHARS}. */
  public void read(Reader in) throws IOException {
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
   * The features so far: the templates kept, the PSYNC outcomes, and {@code log:capped} if any were
   * dropped.
   */
  public Set<String> features() {
    Set<String> out = new LinkedHashSet<>(templates);
    out.addAll(psync);
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
