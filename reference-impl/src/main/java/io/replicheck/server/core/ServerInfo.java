package io.replicheck.server.core;

/** Facts about the running process that INFO server and the banner report. */
public final class ServerInfo {
  public long pid = ProcessHandle.current().pid();
  public String runId = randomHex(40);
  public long startTimeMs = System.currentTimeMillis();
  public String configFile = "";
  public String executable = "";
  public int tcpPort;

  static String randomHex(int n) {
    java.security.SecureRandom r = new java.security.SecureRandom();
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return b.toString();
  }
}
