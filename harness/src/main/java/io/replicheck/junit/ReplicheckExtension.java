package io.replicheck.junit;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.SentinelWiring;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.cluster.Topology;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.EmbeddedChaosProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The engine behind {@link ReplicatedCluster}: one cluster per test class, always stopped. */
public final class ReplicheckExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ReplicheckExtension.class);

  /** Everything one test class started; closing it stops all of it. */
  private record Started(
      ChaosProxy proxy, Cluster cluster, SentinelWiring sentinels, TestCluster handle)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      try {
        if (sentinels != null) sentinels.close();
      } finally {
        try {
          cluster.close();
        } finally {
          proxy.close();
        }
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    ReplicatedCluster spec = context.getRequiredTestClass().getAnnotation(ReplicatedCluster.class);
    if (spec == null)
      throw new IllegalStateException("@ExtendWith(ReplicheckExtension) needs @ReplicatedCluster");
    ServerBinary binary =
        spec.server().isEmpty()
            ? ServerBinary.reference()
            : ServerBinary.external(Path.of(spec.server()));
    Path dir = Files.createTempDirectory("replicheck-junit-");
    ChaosProxy proxy = EmbeddedChaosProxy.start(1);
    ProcessCluster cluster = null;
    SentinelWiring sentinels = null;
    try {
      Topology topology = Topology.parse(spec.topology());
      cluster = new ProcessCluster(binary, dir, spec.replicas() + 1, List.of(spec.serverArgs()));
      ToxiproxyClient toxiproxy = new ToxiproxyClient(proxy.host(), proxy.port());
      Deployment d = new Deployment(cluster, toxiproxy, topology);
      if (topology.sentinel() != null) {
        // as a run does: each node announces its proxied address, the sentinels monitor that
        String api = "http://" + proxy.host() + ":" + proxy.port();
        sentinels = new SentinelWiring(toxiproxy, api, cluster, topology.sentinel(), dir);
        SentinelWiring wiring = sentinels;
        cluster.nodeArgs(wiring::announceArgs);
        d.sentinels(wiring);
      }
      d.start(Duration.ofSeconds(60));
      context
          .getStore(NS)
          .put(Started.class, new Started(proxy, cluster, sentinels, new TestCluster(d)));
    } catch (RuntimeException e) {
      if (sentinels != null) sentinels.close();
      if (cluster != null) cluster.close();
      proxy.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Started s = context.getStore(NS).remove(Started.class, Started.class);
    if (s != null) s.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    // Stores are looked up through parents: a method's context finds what its class started.
    Started s = e.getStore(NS).get(Started.class, Started.class);
    if (s == null)
      throw new ParameterResolutionException(
          "no replicated cluster was started for " + e.getDisplayName());
    return s.handle();
  }
}
