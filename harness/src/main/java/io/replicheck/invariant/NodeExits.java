package io.replicheck.invariant;

import io.replicheck.cluster.NodeExit;
import java.util.ArrayList;
import java.util.List;

/**
 * P9: no node process ends on its own. Every exit the harness did not cause (no kill, no stop, no
 * fault) is a crash or a server that quit: the plainest sign of a bug, whatever the data says after
 * the heal restarted the node. A SIGKILL from outside (the kernel's OOM killer, another user) is
 * the machine's doing, not the server's: unknown, named.
 */
public final class NodeExits {
  public static final String ID = "P9";
  public static final String NAME = "no node process ends on its own";

  private NodeExits() {}

  /**
   * @param exits the exits the cluster saw, in order
   * @param watched whether the cluster sees its nodes' processes (not for an external backend)
   * @param nodes how many nodes the run had
   */
  public static InvariantResult check(List<NodeExit> exits, boolean watched, int nodes) {
    if (!watched) {
      return InvariantResult.notExercised(
          ID, NAME, "the nodes are not processes the harness started: their exits are not seen");
    }
    List<String> crashes = new ArrayList<>();
    List<String> outside = new ArrayList<>();
    for (NodeExit e : exits) (e.killedFromOutside() ? outside : crashes).add(describe(e));
    if (!crashes.isEmpty()) {
      return InvariantResult.invalid(
          ID,
          NAME,
          crashes.size() + " node process(es) ended on their own: " + firstLine(crashes.get(0)),
          crashes);
    }
    if (!outside.isEmpty()) {
      return InvariantResult.unknown(
          ID,
          NAME,
          "killed by a SIGKILL the harness did not send (the kernel's OOM killer?): "
              + String.join("; ", outside.stream().map(NodeExits::firstLine).toList()));
    }
    return InvariantResult.valid(
        ID, NAME, "every process of the " + nodes + " nodes ran until the harness stopped it");
  }

  private static String describe(NodeExit e) {
    return e.node()
        + (e.pid() > 0 ? " (pid " + e.pid() + ")" : "")
        + " "
        + e.how()
        + " at "
        + e.at()
        + "; its last log lines:\n"
        + e.logTail();
  }

  private static String firstLine(String s) {
    int eol = s.indexOf('\n');
    return eol < 0 ? s : s.substring(0, eol);
  }
}
