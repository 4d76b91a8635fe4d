package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterPartsTest {

  @Test
  void readsVersionsOfRedisCompatibleServers() {
    ServerVersion redis =
        ServerVersion.parse(
            "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d");
    assertThat(redis).isEqualTo(new ServerVersion("redis", 7, 0, 15));
    assertThat(redis.atLeast(7, 0)).isTrue();
    assertThat(redis.atLeast(7, 2)).isFalse();
    assertThat(ServerVersion.parse("Valkey server v=8.0.1 sha=0").flavor()).isEqualTo("valkey");
    assertThat(ServerVersion.parse("Redis server v=5.0.14 sha=0").atLeast(7, 0)).isFalse();
    assertThatThrownBy(() -> ServerVersion.parse("hello"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passesOnlyOptionsTheVersionAccepts() {
    Node n = new Node("n2", "127.0.0.1", 7001, Path.of("/tmp/n2"));
    n.replicaOf("127.0.0.1", 7000);
    List<String> v7 =
        ServerArgs.forNode(new ServerVersion("redis", 7, 0, 15), n, List.of("--x", "1"));
    assertThat(v7)
        .containsSequence("--enable-debug-command", "yes")
        .containsSequence("--replicaof", "127.0.0.1", "7000")
        .endsWith("--x", "1")
        .containsSequence("--port", "7001")
        .containsSequence("--bind", "127.0.0.1");
    List<String> v4 = ServerArgs.forNode(new ServerVersion("redis", 4, 0, 0), n, List.of());
    assertThat(v4)
        .doesNotContain("--enable-debug-command", "--replicaof")
        .containsSequence("--slaveof", "127.0.0.1", "7000");
  }

  @Test
  void topologiesNameEachNodesUpstream() {
    assertThat(Topology.parse("star").upstreamOf(0)).isEqualTo(-1);
    assertThat(Topology.STAR.upstreamOf(3)).isZero();
    assertThat(Topology.CHAIN.upstreamOf(3)).isEqualTo(2);
    assertThatThrownBy(() -> Topology.parse("ring"))
        .hasMessageContaining("unknown topology 'ring'");
  }

  @Test
  void externalNodesMustBeOnLoopback() {
    assertThatThrownBy(() -> new ExternalCluster(List.of("10.0.0.5:6379"), Path.of("/tmp/x")))
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> new ExternalCluster(List.of("nonsense"), Path.of("/tmp/x")))
        .hasMessageContaining("not host:port");
    assertThat(
            new ExternalCluster(List.of("127.0.0.1:7000", "localhost:7001"), Path.of("/tmp/x"))
                .nodes())
        .extracting(Node::port)
        .containsExactly(7000, 7001);
  }

  @Test
  void missingBinaryIsOneClearError() {
    assertThatThrownBy(() -> ServerBinary.external(Path.of("/no/such/redis-server")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("/no/such/redis-server does not exist");
  }

  @Test
  void nodeFoldersAreAbsoluteWhateverTheStore() {
    Node n =
        new Node("n1", "127.0.0.1", 7000, java.nio.file.Path.of("store", "run", "nodes", "n1"));
    org.assertj.core.api.Assertions.assertThat(n.dir().isAbsolute()).isTrue();
    org.assertj.core.api.Assertions.assertThat(
            n.dir().endsWith(java.nio.file.Path.of("store", "run", "nodes", "n1")))
        .isTrue();
  }
}
