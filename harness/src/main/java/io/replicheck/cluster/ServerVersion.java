package io.replicheck.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's name and redis-compatible version, used to pass only options that version accepts. */
public record ServerVersion(String flavor, int major, int minor, int patch) {

  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

  /** Parses the first line of {@code redis-server --version} (also valkey-server, keydb-server). */
  public static ServerVersion parse(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    if (!m.find()) {
      throw new IllegalArgumentException("cannot read a version from: " + versionOutput.strip());
    }
    String lower = versionOutput.toLowerCase(java.util.Locale.ROOT);
    String flavor =
        lower.startsWith("valkey") ? "valkey" : lower.startsWith("keydb") ? "keydb" : "redis";
    return new ServerVersion(
        flavor,
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }

  public boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  @Override
  public String toString() {
    return flavor + " " + major + "." + minor + "." + patch;
  }
}
