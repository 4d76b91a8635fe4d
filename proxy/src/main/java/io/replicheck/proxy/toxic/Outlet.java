package io.replicheck.proxy.toxic;

/** The input of the next stage in a chain (or of the sink). */
interface Outlet {
  void data(Chunk chunk);

  void end();
}
