package io.replicheck.server.core;

/** redis's thresholds for compact encodings, changed by CONFIG SET. */
public final class Limits {
  public int listMaxListpackSize = -2;
  public int hashMaxListpackEntries =
      512; // redis 7.0's compiled default (its sample redis.conf says 128)
  public int hashMaxListpackValue = 64;
  public int setMaxIntsetEntries = 512;
  public int zsetMaxListpackEntries = 128;
  public int zsetMaxListpackValue = 64;
}
