package io.replicheck.explore;

import java.util.List;
import java.util.Map;

/**
 * Where each catalogued bug bites and what breaks, for {@code bin/replicheck bugs} and the table of
 * docs/bug-catalogue.md (a test keeps both equal to the reference server's catalogue, which holds
 * the names, summaries and expected invariants: {@link BugCatalogue#catalogue()}).
 */
public final class BugSites {

  /** One bug's site. */
  public record Site(String where, String breaks) {}

  private static final Map<String, Site> SITES =
      Map.ofEntries(
          Map.entry(
              "backlog-off-by-one",
              new Site(
                  "master, PSYNC window check",
                  "a replica that already has every byte is refused and full-syncs")),
          Map.entry(
              "drop-writes-during-snapshot",
              new Site(
                  "master, propagation",
                  "writes made while the snapshot is produced never reach the syncing replica")),
          Map.entry(
              "no-flush-before-load",
              new Site("replica, end of transfer", "old keys survive a full sync")),
          Map.entry(
              "psync-any-replid",
              new Site(
                  "master, PSYNC id check",
                  "a replica of another history continues: datasets diverge")),
          Map.entry(
              "wait-counts-sent",
              new Site(
                  "master, WAIT accounting",
                  "WAIT counts bytes written to a socket as acknowledged")),
          Map.entry(
              "promote-without-replid2",
              new Site(
                  "master, REPLICAOF NO ONE",
                  "repointed replicas cannot continue: needless full syncs after failover")),
          Map.entry(
              "wrong-resume-offset",
              new Site(
                  "replica, PSYNC request",
                  "one byte is received twice: the offset runs ahead of the master's")),
          Map.entry(
              "replica-expires-keys",
              new Site("replica, expiry", "the replica deletes keys on its own clock")),
          Map.entry(
              "lose-select-after-reconnect",
              new Site("replica, after +CONTINUE", "writes after a partial resync land in db 0")),
          Map.entry(
              "fullsync-offset-zero",
              new Site("replica, after loading", "the replica's offset restarts at 0")),
          Map.entry(
              "script-propagated-verbatim",
              new Site(
                  "master, script propagation",
                  "replicas re-run scripts (other random numbers, clock, SPOP members) or lack"
                      + " them (NOSCRIPT)")),
          Map.entry(
              "continue-without-history",
              new Site(
                  "master, PSYNC ? -1",
                  "a replica with no history is told to continue: it never gets the dataset")),
          Map.entry(
              "expire-propagated-relative",
              new Site(
                  "master, EXPIRE propagation",
                  "replicas count a TTL from when they apply it, and keep keys the master deleted at once")),
          Map.entry(
              "spop-propagated-verbatim",
              new Site(
                  "master, SPOP propagation",
                  "each replica pops members of its own choosing: sets diverge")),
          Map.entry(
              "incrbyfloat-drops-ttl",
              new Site(
                  "master, INCRBYFLOAT propagation",
                  "replicas drop the time to live of keys INCRBYFLOAT touched")),
          Map.entry(
              "served-pop-not-propagated",
              new Site(
                  "master, serving blocked clients",
                  "replicas keep the elements blocked pops were served")),
          Map.entry(
              "function-load-not-propagated",
              new Site("master, FUNCTION LOAD", "replicas lack the master's function libraries")),
          Map.entry(
              "getex-persist-not-propagated",
              new Site(
                  "master, GETEX propagation", "replicas keep a time to live the master removed")),
          Map.entry(
              "count-queued-transaction",
              new Site(
                  "replica, a transaction in the stream",
                  "a link cut inside MULTI/EXEC loses the commands queued before the cut")),
          Map.entry(
              "expire-at-replica-load",
              new Site(
                  "replica, start from its RDB",
                  "keys whose TTL ended while it was down are dropped: one its master PERSISTed"
                      + " after the snapshot is lost")),
          Map.entry(
              "propagate-save",
              new Site(
                  "master, SAVE and SHUTDOWN SAVE",
                  "replicas run the master's SHUTDOWN SAVE from the stream and exit")),
          Map.entry(
              "restart-forgets-history",
              new Site(
                  "master, start from its RDB",
                  "replicas full-sync after every persisting restart of their master")));

  private BugSites() {}

  /** The site of {@code bug}, or one saying it is not described yet. */
  public static Site of(String bug) {
    return SITES.getOrDefault(
        bug, new Site("(not described)", "(see the reference server's InjectedBug)"));
  }

  /** The bugs with a site. */
  public static List<String> names() {
    return List.copyOf(SITES.keySet());
  }
}
