package io.replicheck.server.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteBufReplySinkTest {
  static String encode(int proto, java.util.function.Consumer<ReplySink> w) {
    ByteBufReplySink s = new ByteBufReplySink(UnpooledByteBufAllocator.DEFAULT);
    s.setProtocol(proto);
    w.accept(s);
    ByteBuf b = s.take();
    String out = b.toString(StandardCharsets.ISO_8859_1);
    b.release();
    return out;
  }

  @Test
  void resp2AndResp3Encodings() {
    assertThat(encode(2, s -> s.simple("OK"))).isEqualTo("+OK\r\n");
    assertThat(encode(2, s -> s.error("ERR x"))).isEqualTo("-ERR x\r\n");
    assertThat(encode(2, s -> s.integer(-12345))).isEqualTo(":-12345\r\n");
    assertThat(encode(2, s -> s.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
    assertThat(encode(2, s -> s.bulk("héllo"))).isEqualTo("$6\r\nh\u00c3\u00a9llo\r\n");
    assertThat(encode(2, ReplySink::nullBulk)).isEqualTo("$-1\r\n");
    assertThat(encode(2, ReplySink::nullArray)).isEqualTo("*-1\r\n");
    assertThat(encode(3, ReplySink::nullBulk)).isEqualTo("_\r\n");
    assertThat(encode(2, s -> s.mapHeader(2))).isEqualTo("*4\r\n");
    assertThat(encode(3, s -> s.mapHeader(2))).isEqualTo("%2\r\n");
    assertThat(encode(3, s -> s.setHeader(1))).isEqualTo("~1\r\n");
    assertThat(encode(3, s -> s.doubleValue(1.5))).isEqualTo(",1.5\r\n");
    assertThat(encode(2, s -> s.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
    assertThat(encode(3, s -> s.verbatim("a"))).isEqualTo("=5\r\ntxt:a\r\n");
  }

  /** Found by the differential fuzzer against redis-server 7.0.15 (scripts family). */
  @Test
  void bigNumbersAndErrorTextsAsRedisSendsThem() {
    assertThat(encode(3, s -> s.bigNumber("123456789012345678901")))
        .isEqualTo("(123456789012345678901\r\n");
    assertThat(encode(2, s -> s.bigNumber("-5"))).isEqualTo("$2\r\n-5\r\n");
    // addReplyErrorFormat trims CR/LF at both ends before turning the inner ones into spaces
    assertThat(encode(2, s -> s.error("ERR Unknown option given: #!lua name=x\nreturn 1\n")))
        .isEqualTo("-ERR Unknown option given: #!lua name=x return 1\r\n");
  }
}
