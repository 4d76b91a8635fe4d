package io.replicheck.runner;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.Sentinels.Sentinel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the sentinels' logs and records Sentinel's own events ({@code +sdown}, {@code +odown},
 * {@code +try-failover}, {@code +elected-leader}, {@code +promoted-slave}, {@code +switch-master},
 * {@code +convert-to-slave}, {@code -sdown}, ...) into the history as nemesis events (an invoke and
 * its info at once, {@code f} = {@code sentinel}, the value "sK +event ..." with addresses named as
 * nodes and sentinels), so the report's timeline shows the failover beside the ops. A {@code
 * +switch-master} also moves the deployment's master, the way a client following Sentinel would see
 * it move.
 */
final class SentinelWatch implements Runnable {

  /** The events recorded; Sentinel logs many more (+reboot, +slave, +sentinel, ...). */
  static final Set<String> EVENTS =
      Set.of(
          "+sdown",
          "-sdown",
          "+odown",
          "-odown",
          "+try-failover",
          "+elected-leader",
          "+failover-state-select-slave",
          "+selected-slave",
          "+promoted-slave",
          "+failover-end",
          "+failover-end-for-timeout",
          "-failover-abort-not-elected",
          "-failover-abort-no-good-slave",
          "+switch-master",
          "+convert-to-slave",
          "+tilt",
          "-tilt");

  // "12345:X 06 Dec 2026 15:30:00.123 # +sdown master replicheck 127.0.0.1 40001"
  private static final Pattern LINE = Pattern.compile("^\\d+:X (.*?) [#*.-] ([+-][a-z-]+) ?(.*)$");
  private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1[ :@](\\d+)");

  private final SentinelWiring wiring;
  private final Deployment deployment;
  private final HistoryRecorder history;
  private final Map<String, Long> offsets = new HashMap<>();
  private volatile boolean stopped;
  private volatile boolean following = true;

  SentinelWatch(Deployment deployment, HistoryRecorder history) {
    this.deployment = deployment;
    this.wiring = deployment.sentinels();
    this.history = history;
  }

  /** From now on the settle phase, not the log, says who is master. */
  void stopFollowing() {
    following = false;
  }

  /** Records what was logged up to now, then stops; nothing is recorded after it returns. */
  void stop() {
    poll();
    halt();
  }

  /** Stops without reading further (the history may be closed already). */
  synchronized void halt() {
    stopped = true;
  }

  @Override
  public void run() {
    while (!stopped) {
      poll();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads each log's new complete lines and handles them. */
  synchronized void poll() {
    if (stopped) return;
    for (Sentinel s : wiring.sentinels().all()) {
      long from = offsets.getOrDefault(s.name(), 0L);
      try (RandomAccessFile f = new RandomAccessFile(s.logFile().toFile(), "r")) {
        if (f.length() <= from) continue;
        byte[] bytes = new byte[(int) Math.min(f.length() - from, 1 << 20)];
        f.seek(from);
        f.readFully(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.lastIndexOf('\n');
        if (end < 0) continue;
        offsets.put(s.name(), from + end + 1);
        for (String line : text.substring(0, end).split("\n")) handle(s.name(), line);
      } catch (IOException | RuntimeException e) {
        // not created yet, or a line the history could not take: the next poll tries again
      }
    }
  }

  private void handle(String sentinel, String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches() || !EVENTS.contains(m.group(2))) return;
    String event = m.group(2);
    String rest = m.group(3);
    if (rest.startsWith("master ")
        && (event.equals("+sdown") || event.equals("-sdown") || event.equals("+try-failover")))
      wiring.recordMasterEvent(
          new SentinelWiring.MasterEvent(
              sentinel, event, logMs(m.group(1), deployment.cluster().logZone())));
    if (event.equals("+promoted-slave")) {
      // +promoted-slave slave <ip>:<port> <ip> <port> @ <name> <master ip> <master port>
      String[] w = rest.split(" ");
      Node promoted = w.length >= 4 ? wiring.nodeAt(Integer.parseInt(w[3])) : null;
      if (promoted != null)
        wiring.recordSwitch(
            new SentinelWiring.Switch(System.currentTimeMillis(), null, promoted.name(), sentinel));
    }
    if (event.equals("+switch-master")) {
      // +switch-master <name> <old ip> <old port> <new ip> <new port>
      String[] w = rest.split(" ");
      if (w.length == 5) {
        Node from = wiring.nodeAt(Integer.parseInt(w[2]));
        Node to = wiring.nodeAt(Integer.parseInt(w[4]));
        if (to != null
            && wiring.recordSwitch(
                new SentinelWiring.Switch(
                    System.currentTimeMillis(),
                    from == null ? "?" : from.name(),
                    to.name(),
                    sentinel))
            && following) deployment.adoptMaster(to);
      }
    }
    String what = sentinel + " " + event + " " + named(rest);
    // an invoke and its completion at once: the report draws it as one mark with this label (two
    // lone infos in a row would be paired as one op); together, so no other event comes between
    synchronized (history) {
      history.record("nemesis", "invoke", "sentinel", null, what, null, null);
      history.record("nemesis", "info", "sentinel", null, what, null, null);
    }
  }

  /**
   * A log line's time, local time in {@code zone} (the nodes' zone: a container built from scratch
   * logs in UTC), as the replication checks read node logs; now when it does not parse.
   */
  static long logMs(String stamp, java.time.ZoneId zone) {
    long ms = io.replicheck.invariant.ReplicationLog.epochMillis(stamp.strip(), zone);
    return ms < 0 ? System.currentTimeMillis() : ms;
  }

  /** The text with every proxied address replaced by the node's or sentinel's name. */
  String named(String text) {
    Matcher a = ADDRESS.matcher(text);
    StringBuilder b = new StringBuilder();
    while (a.find()) {
      int port = Integer.parseInt(a.group(1));
      Node n = wiring.nodeAt(port);
      String s = n == null ? wiring.sentinelAt(port) : n.name();
      a.appendReplacement(b, Matcher.quoteReplacement(s == null ? a.group() : s));
    }
    a.appendTail(b);
    return b.toString();
  }

  /** The events of interest among some log lines, for tests. */
  static List<String> eventsOf(List<String> lines) {
    return lines.stream()
        .map(l -> LINE.matcher(l.strip()))
        .filter(Matcher::matches)
        .map(m -> m.group(2))
        .filter(EVENTS::contains)
        .toList();
  }
}
