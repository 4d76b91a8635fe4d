package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;

/** Swallows replies: the master client on a replica gets none. */
public class DiscardingReplySink implements ReplySink {
  public static final DiscardingReplySink INSTANCE = new DiscardingReplySink();

  protected DiscardingReplySink() {}

  @Override
  public int protocol() {
    return 2;
  }

  @Override
  public void simple(String s) {}

  @Override
  public void error(String text) {}

  @Override
  public void integer(long v) {}

  @Override
  public void bulk(byte[] b) {}

  @Override
  public void nullBulk() {}

  @Override
  public void nullArray() {}

  @Override
  public void arrayHeader(int n) {}

  @Override
  public void mapHeader(int n) {}

  @Override
  public void setHeader(int n) {}

  @Override
  public void doubleValue(double d) {}

  @Override
  public void bool(boolean b) {}

  @Override
  public void verbatim(String text) {}
}
