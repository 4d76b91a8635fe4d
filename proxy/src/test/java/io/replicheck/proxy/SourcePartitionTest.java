package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.proxy.client.ChaosProxyClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partition toxic with {@code source} cuts the connections from one loopback address only: the
 * others' data and new connections pass, the source's data is held and its new connections are
 * closed at once; removing the toxic delivers what was held. A source must be an IPv4 number.
 */
class SourcePartitionTest {

  private static final String CUT = "127.0.0.7";
  private static final long CUT_AS_NUMBER = (127L << 24) | 7;

  private static Socket from(String source, String listen) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(new InetSocketAddress("127.0.0.1", Net.port(listen)), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void cutsOneSourceAddressOnly() throws Exception {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 4)) {
      ChaosProxyClient client = new ChaosProxyClient(chaos.apiUrl());
      String listen = client.createProxy("p", "127.0.0.1:0", echo.address());
      try (Socket cut = from(CUT, listen);
          Socket other = from("127.0.0.1", listen)) {
        for (String stream : new String[] {"upstream", "downstream"})
          client.addToxic(
              "p",
              "cut_" + stream,
              "partition",
              stream,
              1.0,
              Map.of("refuse_new", 1L, "source", CUT_AS_NUMBER));

        other.getOutputStream().write(1);
        assertThat(other.getInputStream().read()).isEqualTo(1);
        try (Socket another = from("127.0.0.2", listen)) {
          another.getOutputStream().write(2);
          assertThat(another.getInputStream().read()).isEqualTo(2);
        }

        cut.setSoTimeout(300);
        cut.getOutputStream().write(3);
        assertThatThrownBy(() -> cut.getInputStream().read())
            .isInstanceOf(SocketTimeoutException.class);
        try (Socket refused = from(CUT, listen)) {
          assertThat(refused.getInputStream().read()).isEqualTo(-1); // accepted, closed at once
        }

        client.removeToxic("p", "cut_upstream");
        client.removeToxic("p", "cut_downstream");
        cut.setSoTimeout(10_000);
        assertThat(cut.getInputStream().read()).isEqualTo(3);
        try (Socket again = from(CUT, listen)) {
          again.getOutputStream().write(4);
          assertThat(again.getInputStream().read()).isEqualTo(4);
        }
      }
      assertThatThrownBy(
              () ->
                  client.addToxic(
                      "p", "x", "partition", "upstream", 1.0, Map.of("source", 1L << 32)))
          .isInstanceOf(ChaosProxyClient.ApiError.class)
          .hasMessageContaining("source is an IPv4 address");
    }
  }
}
