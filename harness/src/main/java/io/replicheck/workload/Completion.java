package io.replicheck.workload;

/**
 * How an op ended: {@code ok} (took effect, with the value read or returned), {@code fail} (had no
 * effect: an error reply, or a compare that did not match), or {@code info} (unknown: a timeout or
 * a broken connection; it may take effect at any later time or never).
 */
public record Completion(String type, Object value, String error) {
  public static Completion ok(Object value) {
    return new Completion("ok", value, null);
  }

  public static Completion fail(Object value, String error) {
    return new Completion("fail", value, error);
  }

  public static Completion info(Object value, String error) {
    return new Completion("info", value, error);
  }
}
