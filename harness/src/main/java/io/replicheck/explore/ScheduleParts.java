package io.replicheck.explore;

import io.replicheck.explore.shape.DataShape;
import io.replicheck.explore.shape.RatePattern;
import io.replicheck.runner.ScheduledFault;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts a schedule is drawn from, as strings for {@link
 * io.replicheck.explore.coverage.PartCoverage}: its workload, clients, topology, db, how many
 * faults, each fault on its role, each fault after the replication phase it waits for, two faults
 * in a row, each drawn configuration value (numbers by power of two), and its data shape's largest
 * value, preload and rate kinds (sizes by power of ten). Generic: what the generator draws,
 * bucketed where it draws from a range; nothing names a bug.
 */
public final class ScheduleParts {
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private ScheduleParts() {}

  public static Set<String> of(Schedule s) {
    Set<String> p = new TreeSet<>();
    p.add("workload:" + s.workload());
    p.add("clients:" + s.clients());
    p.add("topology:" + s.topology() + "/" + s.replicas());
    // the shape alone too: what a Sentinel topology costs in run time is learned from any count
    p.add("shape:" + s.topology());
    p.add("db:" + (s.db() == 0 ? "0" : "1+"));
    List<ScheduledFault> faults = s.faults();
    p.add("faults:" + faults.size());
    String before = null;
    for (ScheduledFault f : faults) {
      String on = f.nemesis() + "@" + (f.target() == null ? "any" : f.target());
      p.add("fault:" + on);
      if (f.after() != null) p.add("after:" + f.after() + ">" + f.nemesis());
      if (before != null) p.add((f.overlap() ? "with:" : "then:") + before + ">" + f.nemesis());
      before = f.nemesis();
    }
    if (s.config() != null) {
      s.config().all().forEach((k, v) -> p.add("config:" + k + "=" + bucket(v)));
      s.config().master().forEach((k, v) -> p.add("config.master:" + k + "=" + bucket(v)));
    }
    DataShape d = s.shape();
    if (d != null) {
      p.add("values:1e" + log10(d.maxValueBytes()));
      p.add("preload:1e" + log10(d.preloadKeys()) + "x1e" + log10(d.preloadValueBytes()));
      p.add(
          "rate:"
              + String.join(
                  "+",
                  new TreeSet<>(
                      d.rate().segments().stream().map(RatePattern.Segment::kind).toList())));
    }
    return p;
  }

  /** A configuration value with each number as its power of two: "replica 2^20 0 0". */
  static String bucket(String v) {
    Matcher m = NUMBER.matcher(v);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String n = m.group();
      String bucketed;
      try {
        long x = Long.parseLong(n);
        bucketed = x == 0 ? "0" : "2^" + (63 - Long.numberOfLeadingZeros(x));
      } catch (NumberFormatException e) {
        bucketed = "big";
      }
      m.appendReplacement(b, Matcher.quoteReplacement(bucketed));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static int log10(long n) {
    return n <= 0 ? 0 : (int) Math.log10(n);
  }
}
