package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java API the harness uses, and its agreement with what the HTTP API shows. */
class InProcessApiTest {
  @Test
  void createsProxiesAndTogglesToxicsWithoutHttp() throws IOException {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 9)) {
      TcpProxy p = chaos.createProxy("n1", "127.0.0.1:0", echo.address());
      assertThat(p.listenPort()).isPositive();
      p.addToxic(
          ToxicSpec.of(
              "cut", ToxicType.PARTITION, Direction.DOWNSTREAM, 1.0, Map.of("refuse_new", 0L)));
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
      assertThat(client.getProxy("n1").getListen()).isEqualTo(p.listen());
      try (Socket s = new Socket("127.0.0.1", p.listenPort())) {
        s.setSoTimeout(300);
        s.getOutputStream().write(1);
        assertThatThrownBy(() -> s.getInputStream().read())
            .isInstanceOf(SocketTimeoutException.class);
        assertThat(p.connectionCount()).isEqualTo(1);
        p.removeToxic("cut");
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(1);
      }
      chaos.deleteProxy("n1");
      assertThatThrownBy(() -> chaos.proxy("n1"))
          .isInstanceOf(ProxyException.class)
          .hasMessage("proxy not found");
    }
  }

  @Test
  void populateKeepsAnUnchangedProxyAndReplacesAChangedOne() throws IOException {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 9)) {
      TcpProxy a = chaos.createProxy("a", "127.0.0.1:0", echo.address());
      TcpProxy b = chaos.createProxy("b", "127.0.0.1:0", echo.address());
      try (Socket s = new Socket("127.0.0.1", a.listenPort())) {
        s.setSoTimeout(10_000);
        java.util.List<TcpProxy> out =
            chaos
                .proxies()
                .populate(
                    java.util.List.of(
                        new ProxyCollection.Spec("a", a.listen(), echo.address(), true),
                        new ProxyCollection.Spec("b", "127.0.0.1:0", echo.address(), true)));
        assertThat(out.get(0)).isSameAs(a);
        assertThat(out.get(1)).isNotSameAs(b);
        assertThat(b.connectionCount()).isZero();
        s.getOutputStream().write(2);
        assertThat(s.getInputStream().read()).isEqualTo(2); // a's connection survived
      }
    }
  }

  @Test
  void closingTheServerClosesEveryConnection() throws IOException {
    try (EchoServer echo = new EchoServer()) {
      ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 9);
      TcpProxy p = chaos.createProxy("n1", "127.0.0.1:0", echo.address());
      try (Socket s = new Socket("127.0.0.1", p.listenPort())) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(1);
        assertThat(s.getInputStream().read()).isEqualTo(1);
        chaos.close();
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
    }
  }
}
