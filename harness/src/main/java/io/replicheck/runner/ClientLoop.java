package io.replicheck.runner;

import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.workload.Completion;
import io.replicheck.workload.OpSpec;
import io.replicheck.workload.Workload;
import io.replicheck.workload.WorkloadClient;
import java.util.List;
import java.util.Random;

/**
 * One client of the drive: a workload client on the master, or a reader of one replica. Records
 * every invoke and completion; a process whose op ended in info never invokes again (Jepsen), so
 * the client continues as a new process. With {@link #CHAINS} on, outside a schedule a workload
 * client's ops run as a {@link ProcessChain} on Lettuce's event loop, this thread only
 * (re)connecting and bounding each op; ops the chain does not take (compare-and-set, commands of
 * the propagation workload) run here.
 */
final class ClientLoop implements Runnable {
  /**
   * Whether workload clients run as {@link ProcessChain}s: off unless {@code
   * -Dreplicheck.chain=true} (through REPLICHECK_JAVA_OPTS). Idle, the chain records 28 to 40 %
   * more ops with a quarter less CPU per op; but at that rate a default run (1 MB backlog, 2 s
   * partitions) overflows the backlog during every partition, so its partial resyncs become full
   * ones and the incremental-sync invariants lose their evidence (CI caught it: wrong-resume-offset
   * was no longer caught in three seeds). It stays off until runs pace or size the backlog for it
   * (docs/benchmarks.md).
   */
  static final boolean CHAINS = "true".equals(System.getProperty("replicheck.chain"));

  /** WAIT's timeout after each write of a workload that waits (list-append-wait). */
  static final long WAIT_MILLIS = 1000;

  private final RunContext r;
  private final int firstProcess;
  private final int processes;
  private final Node replica;
  private final long runStart;

  /**
   * @param firstProcess this client's first Jepsen process id (its index)
   * @param processes how many clients run, the step between this client's process ids
   * @param replica the replica it reads, or null for a workload client on the master
   * @param runStart System.nanoTime() at the start of the drive (schedules count from it)
   */
  ClientLoop(RunContext r, int firstProcess, int processes, Node replica, long runStart) {
    this.r = r;
    this.firstProcess = firstProcess;
    this.processes = processes;
    this.replica = replica;
    this.runStart = runStart;
  }

  @Override
  public void run() {
    RunSpec spec = r.plan.spec();
    Workload workload = r.plan.workload();
    int process = firstProcess;
    newProcess(process);
    Random random = new Random(spec.seed() * 1_000_003L + firstProcess);
    WorkloadClient client = null;
    SentinelWiring sentinels = replica == null ? r.deployment.sentinels() : null;
    String group = sentinels == null ? null : SentinelWiring.groupOf(firstProcess, spec.clients());
    Node connected = null; // under Sentinel: the master this client last found
    // a workload client outside a schedule (which paces and windows each op) runs its ops as an
    // async chain (issue 19); replica readers pause between reads and stay a plain loop
    boolean chained = CHAINS && replica == null && r.plan.schedule() == null;
    try {
      while (!r.stop.get()) {
        if (client == null) {
          try {
            Deployment.HostPort at;
            if (sentinels != null) {
              // as applications do: ask a sentinel on every (re)connect; when none answers, keep
              // to the master this client knew
              SentinelWiring.Resolved m = sentinels.resolveMaster(group);
              if (m == null && connected != null) m = sentinels.through(group, connected);
              if (m == null) {
                Waits.sleep(100);
                continue;
              }
              connected = m.node();
              at = m.address();
            } else {
              at =
                  replica == null
                      ? r.deployment.clientAddress()
                      : r.deployment.readAddress(replica);
            }
            client =
                WorkloadClient.connect(
                    r.resources,
                    at.host(),
                    at.port(),
                    spec.opTimeout(),
                    spec.valueSize(),
                    spec.db());
            if (spec.shape() != null) client.sizedBy(seed -> spec.shape().valueSize(unit(seed)));
            if (replica == null && workload.waitReplicas() > 0)
              client.waitingFor(workload.waitReplicas(), WAIT_MILLIS);
          } catch (RuntimeException e) {
            Waits.sleep(100); // the link is down; try again, the history records only ops
            continue;
          }
        }
        String node =
            replica != null
                ? replica.name()
                : connected != null ? connected.name() : r.deployment.master().name();
        OpSpec op = null;
        if (chained) {
          // ops run on Lettuce's event loop until one does not end ok, the drive stops, or an op
          // the chain cannot run comes (run here, below)
          int p = process;
          ProcessChain.End end =
              new ProcessChain(
                      client,
                      r.history,
                      p,
                      node,
                      spec.opTimeout(),
                      () -> r.stop.get() ? null : workload.next(random, p),
                      r.ops::incrementAndGet)
                  .run();
          if (end.last() != null) {
            client.close();
            client = null;
            if (end.last().type().equals("info")) {
              process += processes;
              newProcess(process);
            }
            continue;
          }
          if (end.handedBack() == null) break; // stopped
          op = end.handedBack();
        } else if (replica != null) {
          op = readOf(workload, random);
        } else if (r.plan.schedule() == null) {
          op = workload.next(random, process);
        } else {
          // a scheduled client runs only inside its op windows, with the window's share of reads
          OpWindow window =
              r.plan.schedule().windowAt(firstProcess, (System.nanoTime() - runStart) / 1_000_000);
          if (window == null) {
            Waits.sleep(10);
            continue;
          }
          op = mixed(workload, random, process, window.readPercent());
          if (spec.shape() == null) {
            if (window.ratePerSecond() > 0) Waits.sleep(1000 / window.ratePerSecond());
          } else if (!paced(spec, window, runStart)) {
            continue;
          }
        }
        r.history.record(
            process,
            "invoke",
            op.f(),
            op.key(),
            op.f().equals("read") ? null : op.value(),
            node,
            null);
        Completion c = client.invoke(op);
        // a replica reader's ok reads are P1 and P2's evidence, read back from the history file
        r.history.record(process, c.type(), op.f(), op.key(), c.value(), node, c.error());
        r.ops.incrementAndGet();
        if (!c.type().equals("ok")) {
          // after a fail, reconnect too
          client.close();
          client = null;
          if (c.type().equals("info")) {
            process += processes;
            newProcess(process);
          }
        }
        if (replica != null) Waits.sleep(5);
      }
    } finally {
      if (client != null) client.close();
    }
  }

  /**
   * Paces a client by the data shape's rate at this moment, shared among the clients: an idle
   * stretch makes it wait (false: no op now). The bulk workload follows bursts at full rate; the
   * linearizable workloads keep at most their window's rate, so their histories stay checkable.
   */
  private boolean paced(RunSpec spec, OpWindow window, long runStart) {
    long now = (System.nanoTime() - runStart) / 1_000_000;
    int total = spec.shape().rate().opsPerSecond(now);
    if (total <= 0) {
      Waits.sleep(50);
      return false;
    }
    double perClient = Math.max(1.0, (double) total / Math.max(1, spec.clients()));
    if (!r.plan.workload().name().equals("bulk") && window.ratePerSecond() > 0) {
      perClient = Math.min(perClient, window.ratePerSecond());
    }
    long micros = (long) (1_000_000 / perClient);
    if (micros >= 1000) Waits.sleep(micros / 1000);
    return true;
  }

  /** A value seed as a fraction in [0, 1), the same for the same seed. */
  static double unit(long seed) {
    return (new java.util.SplittableRandom(seed).nextLong() >>> 11) * 0x1.0p-53;
  }

  private void newProcess(int process) {
    if (replica == null) {
      r.clientProcesses.add(process);
      r.store.addClient(process);
    }
  }

  private static OpSpec readOf(Workload workload, Random random) {
    List<String> keys = workload.activeKeys();
    return new OpSpec("read", keys.get(random.nextInt(keys.size())), null);
  }

  /**
   * An op with {@code readPercent} % reads; writes are the workload's own non-read ops. A workload
   * that names no keys to read (propagation: FS5 reads every key of every db at the end) sends only
   * its own ops, whatever the window's share of reads: a read of no key would end the client.
   */
  static OpSpec mixed(Workload workload, Random random, int process, int readPercent) {
    if (!workload.activeKeys().isEmpty() && random.nextInt(100) < readPercent)
      return readOf(workload, random);
    OpSpec op = workload.next(random, process);
    for (int i = 0; i < 16 && op.f().equals("read"); i++) op = workload.next(random, process);
    return op;
  }
}
