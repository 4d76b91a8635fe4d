package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * FS1: after full sync and quiesce, every replica's dataset equals the master's: the same DEBUG
 * DIGEST and, key by key, the same values (the key-by-key dump names what differs).
 */
public final class DatasetsEqual {
  public static final String ID = "FS1";
  public static final String NAME = "replica datasets equal the master's after quiesce";

  private DatasetsEqual() {}

  public static InvariantResult check(NodeState master, List<NodeState> replicas) {
    List<String> evidence = new ArrayList<>();
    for (NodeState r : replicas) {
      if (master.digest() != null && r.digest() != null && !master.digest().equals(r.digest())) {
        evidence.add(
            r.node()
                + " digest "
                + r.digest()
                + " != master "
                + master.node()
                + " digest "
                + master.digest());
      }
      TreeSet<String> keys = new TreeSet<>(master.values().keySet());
      keys.addAll(r.values().keySet());
      int shown = 0;
      for (String k : keys) {
        Object mv = master.values().get(k);
        Object rv = r.values().get(k);
        if (!Objects.equals(mv, rv) && shown++ < 5) {
          evidence.add(
              r.node() + " key " + k + ": " + abbreviate(rv) + " but master has " + abbreviate(mv));
        }
      }
    }
    return evidence.isEmpty()
        ? InvariantResult.valid(
            ID,
            NAME,
            replicas.size()
                + " replica(s) equal to "
                + master.node()
                + (master.digest() != null ? " (digest " + master.digest() + ")" : " (key by key)"))
        : InvariantResult.invalid(ID, NAME, evidence.get(0), evidence);
  }

  static String abbreviate(Object v) {
    String s = String.valueOf(v);
    return s.length() <= 120 ? s : s.substring(0, 100) + "... (" + s.length() + " chars)";
  }
}
