package io.replicheck.runner;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.ContainerCluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.ExternalCluster;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.cluster.Topology;
import io.replicheck.explore.shape.DataShape;
import io.replicheck.explore.shape.Preloader;
import io.replicheck.nemesis.Nemesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/** Setup: the chaos proxy, the nodes, replication through the proxies, the history, the sampler. */
final class SetupPhase implements Phase {
  // links and sentinel discovery wait on nodes that start slowly on a loaded machine too: at least
  // twice the node start bound (-Dreplicheck.node-start-seconds, 30 s by default)
  private static final Duration LINK_TIMEOUT =
      Duration.ofSeconds(Math.max(60, 2 * Long.getLong("replicheck.node-start-seconds", 30)));

  /** A preload stops here: 100,000 keys take about 2 s, 64 MB of 8 MB values under 1 s. */
  static final Duration PRELOAD_BOUND = Duration.ofSeconds(10);

  private final LongFunction<ChaosProxy> proxyStarter;

  SetupPhase(LongFunction<ChaosProxy> proxyStarter) {
    this.proxyStarter = proxyStarter;
  }

  @Override
  public void run(RunContext r) throws Exception {
    RunSpec spec = r.plan.spec();
    r.progress.phase("setup", "run " + r.dir + " (seed " + spec.seed() + ")");
    ChaosProxy proxy = r.closer.add(proxyStarter.apply(spec.seed()));
    r.toxiproxy = new ToxiproxyClient(proxy.host(), proxy.port());
    ServerBinary binary =
        spec.backend().equals("external")
            ? null
            : spec.server() == null
                ? ServerBinary.reference()
                : ServerBinary.external(spec.server());
    List<String> serverArgs = new ArrayList<>(Runner.DEFAULT_SERVER_ARGS);
    serverArgs.addAll(spec.serverArgs());
    if (spec.injectBug() != null) {
      if (binary == null || !binary.isReference()) {
        throw new ClusterException("--inject-bug works only with the reference server");
      }
      serverArgs.addAll(List.of("--inject-bug", spec.injectBug()));
    }
    Cluster cluster =
        r.closer.add(
            switch (spec.backend()) {
              case "process" -> new ProcessCluster(binary, r.dir, spec.replicas() + 1, serverArgs);
              case "container" ->
                  new ContainerCluster(binary, r.dir, spec.replicas() + 1, serverArgs);
              case "external" -> new ExternalCluster(spec.externalNodes(), r.dir);
              default ->
                  throw new ClusterException(
                      "unknown backend '" + spec.backend() + "' (process, container, external)");
            });
    r.cluster = cluster;
    if (spec.config() != null) {
      // issue 14: the drawn configuration after the node's own arguments; the first master's differ
      Node first = cluster.nodes().get(0);
      if (cluster instanceof ProcessCluster p) p.nodeArgs(n -> spec.config().args(n == first));
      if (cluster instanceof ContainerCluster c) c.nodeArgs(n -> spec.config().args(n == first));
    }
    for (Nemesis n : r.plan.nemeses()) {
      if (n.needsProcessControl() && !cluster.controlsProcesses()) {
        throw new ClusterException(
            "nemesis "
                + n.name()
                + " needs process control; "
                + spec.backend()
                + " nodes take network faults only");
      }
    }
    r.progress.phase(
        "setup",
        "starting "
            + (spec.replicas() + 1)
            + " nodes of "
            + cluster.describe()
            + ", topology "
            + Topology.parse(spec.topology()).describe(spec.replicas()));
    Topology topology = Topology.parse(spec.topology());
    r.deployment = new Deployment(cluster, r.toxiproxy, topology);
    if (topology.sentinel() != null) {
      SentinelWiring wiring =
          r.closer.add(
              new SentinelWiring(
                  r.toxiproxy,
                  "http://" + proxy.host() + ":" + proxy.port(),
                  cluster,
                  topology.sentinel(),
                  r.dir));
      r.deployment.sentinels(wiring);
      // each node announces its proxied address, after the drawn configuration's arguments
      Node first = cluster.nodes().get(0);
      java.util.function.Function<Node, List<String>> announcing =
          n -> {
            List<String> args = new ArrayList<>();
            if (spec.config() != null) args.addAll(spec.config().args(n == first));
            args.addAll(wiring.announceArgs(n));
            return args;
          };
      if (cluster instanceof ProcessCluster p) p.nodeArgs(announcing);
      if (cluster instanceof ContainerCluster c) c.nodeArgs(announcing);
    }
    // The sampler runs from before the nodes start (they start with REPLICAOF in their config):
    // its readings bracket each node's first PSYNC and follow its first full sync (IS2, FS4).
    r.history = r.closer.add(new HistoryRecorder(r.dir, r::abort));
    r.sampler = new Sampler(r.deployment, r.history::now, 250);
    r.samplerThread = Waits.daemon("replicheck-sampler", r.sampler);
    r.closer.add(
        () -> {
          r.sampler.stop();
          r.samplerThread.interrupt();
        });
    r.samplerThread.start();
    r.replicaofSentMs = System.currentTimeMillis();
    long nodesStart = System.nanoTime();
    r.deployment.start(LINK_TIMEOUT);
    r.nodesUp = Duration.ofNanos(System.nanoTime() - nodesStart);
    if (r.deployment.sentinels() != null) {
      r.sentinelWatch = new SentinelWatch(r.deployment, r.history);
      Thread t = Waits.daemon("replicheck-sentinel-watch", r.sentinelWatch);
      r.closer.add(r.sentinelWatch::halt);
      t.start();
    }
    if (spec.shape() != null) preload(r, resources(r), spec);
    resources(r);
  }

  private static ClientResources resources(RunContext r) {
    if (r.resources != null) return r.resources;
    // latency metrics off whatever the classpath holds (Lettuce turns them on when LatencyUtils is
    // there): a histogram update per command that nothing reads
    ClientResources resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .build();
    r.closer.add(() -> resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
    r.resources = resources;
    return resources;
  }

  /**
   * Writes the shape's preload into the master before the run phase, within {@link #PRELOAD_BOUND}:
   * data already there when clients start, which every full sync then carries. A preload cut short
   * by its bound or refused (NOREPLICAS while a replica catches up) leaves what it wrote; the run
   * goes on with it.
   */
  private static void preload(RunContext r, ClientResources resources, RunSpec spec) {
    DataShape shape = spec.shape();
    r.progress.phase(
        "setup",
        "preloading "
            + shape.preloadKeys()
            + " keys of "
            + shape.preloadValueBytes()
            + " B into db "
            + spec.db());
    Node master = r.deployment.master();
    try {
      Preloader.Result p =
          new Preloader(resources)
              .load(
                  master.host(),
                  master.port(),
                  spec.db(),
                  shape.preloadKeys(),
                  shape.preloadValueBytes(),
                  spec.seed(),
                  PRELOAD_BOUND);
      r.progress.phase(
          "setup",
          "preloaded "
              + p.keys()
              + " keys ("
              + p.valueBytes()
              + " B) in "
              + p.elapsed().toMillis()
              + " ms"
              + (p.complete() ? "" : ", cut short by its bound"));
    } catch (RuntimeException e) {
      r.progress.phase("setup", "preload stopped: " + e.getMessage());
    }
  }
}
