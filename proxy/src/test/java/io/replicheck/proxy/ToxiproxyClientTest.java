package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint as toxiproxy-java drives it, unchanged. */
class ToxiproxyClientTest {
  private EchoServer echo;
  private ChaosProxyServer chaos;
  private ToxiproxyClient client;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    chaos = ChaosProxyServer.start("127.0.0.1", 0, 5);
    client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
  }

  @AfterEach
  void stop() throws IOException {
    chaos.close();
    echo.close();
  }

  private static void assertEchoes(Proxy p) throws IOException {
    try (Socket s = Net.connect(p.getListen())) {
      s.getOutputStream().write(new byte[] {1, 2, 3});
      assertThat(Net.readExactly(s, 3)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void versionIsToxiproxyTwo() throws IOException {
    assertThat(client.version()).contains("\"version\"").contains("2.");
  }

  @Test
  void createsListsGetsAndDeletesProxies() throws IOException {
    Proxy a = client.createProxy("a", "127.0.0.1:0", echo.address());
    Proxy b = client.createProxy("b", "localhost:0", echo.address());
    assertThat(a.isEnabled()).isTrue();
    assertThat(a.getUpstream()).isEqualTo(echo.address());
    assertThat(b.getListen()).startsWith("127.0.0.1:");
    assertThat(client.getProxies()).extracting(Proxy::getName).containsExactlyInAnyOrder("a", "b");
    assertThat(client.getProxy("a").getListen()).isEqualTo(a.getListen());
    assertThat(client.getProxyOrNull("missing")).isNull();
    assertEchoes(a);
    assertEchoes(b);

    b.delete();
    assertThat(client.getProxyOrNull("b")).isNull();
    assertThatThrownBy(() -> Net.connect(b.getListen())).isInstanceOf(ConnectException.class);
    assertEchoes(a);
  }

  @Test
  void aDuplicateNameIs409() throws IOException {
    client.createProxy("a", "127.0.0.1:0", echo.address());
    assertThatThrownBy(() -> client.createProxy("a", "127.0.0.1:0", echo.address()))
        .isInstanceOf(IOException.class)
        .hasMessage("[409] proxy already exists");
  }

  @Test
  void disablingClosesTheListenerAndOpenConnectionsAndEnablingListensAgainOnTheSameAddress()
      throws IOException {
    Proxy p = client.createProxy("p", "127.0.0.1:0", echo.address());
    String listen = p.getListen();
    try (Socket open = Net.connect(listen)) {
      open.getOutputStream().write(7);
      assertThat(Net.readExactly(open, 1)).containsExactly(7);
      p.disable();
      assertThat(p.isEnabled()).isFalse();
      assertThat(client.getProxy("p").isEnabled()).isFalse();
      assertThat(Net.drain(open)).isZero(); // closed by the proxy: end of stream, nothing more
    }
    assertThatThrownBy(() -> Net.connect(listen)).isInstanceOf(ConnectException.class);
    p.enable();
    assertThat(p.getListen()).isEqualTo(listen);
    assertEchoes(p);
  }

  @Test
  void changesUpstreamAndListen() throws IOException {
    try (EchoServer other = new EchoServer()) {
      Proxy p = client.createProxy("p", "127.0.0.1:0", "127.0.0.1:1");
      p.setUpstream(other.address());
      assertThat(p.getUpstream()).isEqualTo(other.address());
      assertEchoes(p);
      assertThat(other.accepted()).isEqualTo(1);
      p.setListen("127.0.0.1:0");
      assertEchoes(p);
    }
  }

  @Test
  void anUnreachableUpstreamClosesTheClient() throws IOException {
    Proxy p = client.createProxy("p", "127.0.0.1:0", "127.0.0.1:1");
    try (Socket s = Net.connect(p.getListen())) {
      assertThat(Net.drain(s)).isZero();
    }
    assertEchoesAfterFixingUpstream(p);
  }

  private void assertEchoesAfterFixingUpstream(Proxy p) throws IOException {
    p.setUpstream(echo.address());
    assertEchoes(p);
  }

  @Test
  void createsEveryToxicTypeAndReadsItBack() throws IOException {
    Proxy p = client.createProxy("p", "127.0.0.1:0", echo.address());
    p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10).setJitter(2);
    p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
    p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 5);
    p.toxics().timeout("to", ToxicDirection.UPSTREAM, 60_000);
    p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 60_000);
    p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 10);
    p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1_000_000);

    List<? extends Toxic> all = p.toxics().getAll();
    // Toxiproxy lists the upstream chain, then the downstream chain, each in order added.
    assertThat(all)
        .extracting(Toxic::getName)
        .containsExactly("bw", "to", "rp", "lat", "sc", "sl", "ld");
    assertThat(all.stream().collect(Collectors.toMap(Toxic::getName, Toxic::getStream)))
        .containsEntry("bw", ToxicDirection.UPSTREAM)
        .containsEntry("lat", ToxicDirection.DOWNSTREAM);
    Latency lat = p.toxics().get("lat", Latency.class);
    assertThat(lat.getLatency()).isEqualTo(10);
    assertThat(lat.getJitter()).isEqualTo(2);
    assertThat(lat.getToxicity()).isEqualTo(1.0f);
    assertThat(p.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(1000);
    assertThat(p.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(5);
    assertThat(p.toxics().get("to", Timeout.class).getTimeout()).isEqualTo(60_000);
    assertThat(p.toxics().get("rp", ResetPeer.class).getTimeout()).isEqualTo(60_000);
    Slicer sl = p.toxics().get("sl", Slicer.class);
    assertThat(sl.getAverageSize()).isEqualTo(100);
    assertThat(sl.getDelay()).isEqualTo(10);
    assertThat(p.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(1_000_000);
    assertThat(client.getProxy("p").toxics().getAll()).hasSize(7);
  }

  @Test
  void updatesMergeAttributesAndToxicityAndRemoveDeletes() throws IOException {
    Proxy p = client.createProxy("p", "127.0.0.1:0", echo.address());
    Latency lat = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
    lat.setJitter(4);
    lat.setLatency(30);
    lat.setToxicity(0.25f);
    Latency read = p.toxics().get("lat", Latency.class);
    assertThat(read.getLatency()).isEqualTo(30);
    assertThat(read.getJitter()).isEqualTo(4);
    assertThat(read.getToxicity()).isEqualTo(0.25f);
    lat.remove();
    assertThat(p.toxics().getAll()).isEmpty();
    assertThatThrownBy(() -> p.toxics().get("lat"))
        .isInstanceOf(IOException.class)
        .hasMessage("[404] toxic not found");
  }

  @Test
  void aDuplicateToxicNameIs409() throws IOException {
    Proxy p = client.createProxy("p", "127.0.0.1:0", echo.address());
    p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
    assertThatThrownBy(() -> p.toxics().latency("lat", ToxicDirection.UPSTREAM, 10))
        .isInstanceOf(IOException.class)
        .hasMessage("[409] toxic already exists");
  }

  @Test
  void resetEnablesEveryProxyAndDropsEveryToxic() throws IOException {
    Proxy a = client.createProxy("a", "127.0.0.1:0", echo.address());
    Proxy b = client.createProxy("b", "127.0.0.1:0", echo.address());
    a.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 0);
    b.disable();
    client.reset();
    assertThat(a.toxics().getAll()).isEmpty();
    assertThat(a.isEnabled()).isTrue();
    assertThat(b.isEnabled()).isTrue();
    assertEchoes(a);
    assertEchoes(b);
  }
}
