package io.replicheck.explore.config;

import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks a running server once per server version what it accepts: {@code CONFIG GET *} for the
 * directives it knows and their current values (the defaults a drawn config falls back to), then
 * {@code CONFIG SET} of each probe value of the space's directives, read back with CONFIG GET and
 * put back to the reported value at once. A value the server refuses, or accepts but does not keep
 * (it ignores the directive), is not drawn. The reference server, for one, knows {@code appendonly}
 * but refuses {@code yes} (it persists RDB only), keeps {@code repl-disable-tcp-nodelay} at {@code
 * no} whatever is set, and reports {@code lazyfree-lazy-*} only once set, so it draws none of them.
 *
 * <p>CONFIG SET briefly changes the node (on redis, {@code appendonly yes} starts an AOF rewrite
 * that {@code no} stops), so probe a node no run is using yet, e.g. the first node of a cluster
 * before the run phase, or one started for the purpose.
 */
public final class ServerConfigProbe {
  private final ConfigSpace space;
  private final Duration timeout;
  private final Map<String, ProbedConfig> cache = new HashMap<>();

  public ServerConfigProbe(ConfigSpace space, Duration timeout) {
    this.space = space;
    this.timeout = timeout;
  }

  /**
   * The server's answers, from the cache when {@code version} was probed before ({@code version}
   * names the server binary's version, as the corpus does, plus an injected bug if any).
   */
  public synchronized ProbedConfig probe(String version, String host, int port) throws IOException {
    ProbedConfig known = cache.get(version);
    if (known != null) {
      return known;
    }
    ProbedConfig found = ask(version, host, port);
    cache.put(version, found);
    return found;
  }

  /** The space narrowed to the server: {@code space.forServer(probe(...))}. */
  public ConfigSpace spaceFor(String version, String host, int port) throws IOException {
    return space.forServer(probe(version, host, port));
  }

  private ProbedConfig ask(String version, String host, int port) throws IOException {
    try (AdminClient admin = AdminClient.connect(host, port, timeout)) {
      Object reply = admin.call("CONFIG", "GET", "*");
      if (!(reply instanceof List<?> pairs) || pairs.size() % 2 != 0) {
        throw new IOException(admin.address() + ": CONFIG GET * gave " + AdminClient.text(reply));
      }
      Map<String, String> reported = new LinkedHashMap<>();
      for (int i = 0; i < pairs.size(); i += 2) {
        reported.put(AdminClient.text(pairs.get(i)), AdminClient.text(pairs.get(i + 1)));
      }
      Map<String, Set<String>> refused = new LinkedHashMap<>();
      for (Directive d : space.directives()) {
        String current = reported.get(d.name());
        if (current == null) {
          // redis hides some directives (rdb-key-save-delay) from CONFIG GET *, not from their name
          current = readBack(admin, d.name());
          if (current == null) continue;
          reported.put(d.name(), current);
        }
        for (String value : d.probeValues()) {
          Object r = admin.call("CONFIG", "SET", d.name(), value);
          if (r instanceof AdminClient.RespError) {
            refused.computeIfAbsent(d.name(), k -> new TreeSet<>()).add(value);
            continue;
          }
          if (!value.equals(readBack(admin, d.name()))) {
            // Accepted but not kept: the server ignores the directive, so drawing it tests nothing.
            refused.computeIfAbsent(d.name(), k -> new TreeSet<>()).add(value);
          }
          admin.callText("CONFIG", "SET", d.name(), current);
        }
      }
      return new ProbedConfig(version, reported, refused);
    }
  }

  private static String readBack(AdminClient admin, String directive) throws IOException {
    Object r = admin.call("CONFIG", "GET", directive);
    if (!(r instanceof List<?> pair) || pair.size() != 2) {
      return null;
    }
    String v = AdminClient.text(pair.get(1));
    return new ProbedConfig("", Map.of(directive, v), Map.of()).current(directive);
  }
}
