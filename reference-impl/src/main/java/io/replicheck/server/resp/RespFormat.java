package io.replicheck.server.resp;

/** Number formatting as redis prints it. */
public final class RespFormat {
  private RespFormat() {}

  /** redis 7.0's {@code %.17g} (addReplyDouble), with inf/-inf/nan as redis writes them. */
  public static String formatDouble(double d) {
    return io.replicheck.rdb.Doubles.formatG17(d);
  }
}
