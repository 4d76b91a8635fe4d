package io.replicheck.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A reply that does not come: the error names the node and the command (a one-hour run ended with a
 * bare "Read timed out"), and a call's own bound applies to that call only.
 */
class AdminClientTimeoutTest {

  @Test
  void aMissingReplyNamesTheNodeTheCommandAndTheBound() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AdminClient c =
            AdminClient.connect("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(300));
        Socket accepted = silent.accept()) {
      String node = "127.0.0.1:" + silent.getLocalPort();
      assertThatThrownBy(() -> c.call(Duration.ofMillis(150), "DEBUG", "DIGEST"))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage(node + ": no reply to DEBUG DIGEST within 150 ms");
      // the call's own bound was put back: the next call waits the client's 300 ms
      assertThatThrownBy(() -> c.call("PING"))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage(node + ": no reply to PING within 300 ms");
      assertThat(accepted.isConnected()).isTrue();
    }
  }
}
