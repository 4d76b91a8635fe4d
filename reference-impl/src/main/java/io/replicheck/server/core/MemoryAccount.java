package io.replicheck.server.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One db's running total of {@link MemoryEstimate}s. A string is measured when it is stored (its
 * estimate is fixed: the array's length); writes to other types only mark a key as changed (they
 * change in place after {@link Db#lookupWrite}), measured again when the total is read ({@link
 * #settle}), or when too many are waiting. Measuring strings at once keeps a SET from costing a
 * second key lookup at the next settle (a cache miss per SET over a large keyspace).
 */
final class MemoryAccount {
  private long total;
  private List<byte[]> pending = new ArrayList<>();

  /** The key's object was set or may change: measure it at the next settle. */
  void changed(Db db, byte[] key, RObject o) {
    if (o instanceof RString) {
      // Its estimate is O(1) and cannot change in place (a final array): measured now.
      if (o.memSize >= 0) {
        total -= o.memSize;
      }
      o.memSize = MemoryEstimate.of(key, o);
      total += o.memSize;
      return;
    }
    if (o.memPending) {
      return;
    }
    o.memPending = true;
    pending.add(key);
    if (pending.size() > 1024 && pending.size() > 2 * db.dict.size()) {
      settle(db);
    }
  }

  /** The object left the db (deleted, overwritten). */
  void removed(RObject o) {
    if (o.memSize >= 0) {
      total -= o.memSize;
    }
    o.memSize = -1;
    o.memPending = false;
  }

  /** Measures the changed keys again; returns the db's total. */
  long settle(Db db) {
    if (!pending.isEmpty()) {
      List<byte[]> keys = pending;
      pending = new ArrayList<>();
      for (byte[] k : keys) {
        RObject o = db.dict.get(k);
        if (o == null || !o.memPending) {
          continue;
        }
        if (o.memSize >= 0) {
          total -= o.memSize;
        }
        o.memSize = MemoryEstimate.of(k, o);
        o.memPending = false;
        total += o.memSize;
      }
    }
    return total;
  }
}
