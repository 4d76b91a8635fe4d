package io.replicheck.server.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespParserTest {
  static ByteBuf buf(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  static List<String> strings(byte[][] argv) {
    List<String> out = new ArrayList<>();
    for (byte[] a : argv) {
      out.add(new String(a, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void multibulkAndPipelining() throws Exception {
    RespParser p = new RespParser();
    ByteBuf in = buf("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPING\r\n");
    assertThat(strings(p.parse(in))).containsExactly("GET", "k");
    assertThat(strings(p.parse(in))).containsExactly("PING");
    assertThat(p.parse(in)).isNull();
  }

  @Test
  void frameSplitAtEveryByteBoundary() throws Exception {
    String frame = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
    for (int cut = 0; cut <= frame.length(); cut++) {
      RespParser p = new RespParser();
      ByteBuf in = Unpooled.buffer();
      in.writeBytes(frame.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1));
      byte[][] r = p.parse(in);
      if (r == null) {
        in.writeBytes(frame.substring(cut).getBytes(StandardCharsets.ISO_8859_1));
        r = p.parse(in);
      }
      assertThat(strings(r)).containsExactly("SET", "key", "va\r\nl");
    }
  }

  @Test
  void inlineWithQuotes() throws Exception {
    RespParser p = new RespParser();
    assertThat(strings(p.parse(buf("set k \"a b\\x41\\n\" 'it\\'s'\r\n"))))
        .containsExactly("set", "k", "a bA\n", "it's");
    assertThat(p.parse(buf("\r\n"))).isEmpty();
    assertThatThrownBy(() -> new RespParser().parse(buf("set \"k\r\n")))
        .hasMessage("unbalanced quotes in request");
    assertThatThrownBy(() -> new RespParser().parse(buf("set \"k\"x\r\n")))
        .hasMessage("unbalanced quotes in request");
  }

  @Test
  void protocolErrorsAsRedisWordsThem() {
    assertThatThrownBy(() -> new RespParser().parse(buf("*abc\r\n")))
        .isInstanceOfSatisfying(
            RespProtocolException.class,
            e ->
                assertThat(e.replyText())
                    .isEqualTo("ERR Protocol error: invalid multibulk length"));
    assertThatThrownBy(() -> new RespParser().parse(buf("*2147483648\r\n")))
        .hasMessage("invalid multibulk length");
    assertThatThrownBy(() -> new RespParser().parse(buf("*1\r\n$-1\r\n")))
        .hasMessage("invalid bulk length");
    assertThatThrownBy(() -> new RespParser().parse(buf("*1\r\n$999999999999\r\n")))
        .hasMessage("invalid bulk length");
    assertThatThrownBy(() -> new RespParser().parse(buf("*1\r\nx3\r\n")))
        .hasMessage("expected '$', got 'x'");
    assertThatThrownBy(() -> new RespParser().parse(buf("a".repeat(70 * 1024))))
        .hasMessage("too big inline request");
    assertThatThrownBy(() -> new RespParser().parse(buf("*" + "1".repeat(70 * 1024))))
        .hasMessage("too big mbulk count string");
  }

  @Test
  void announcedLengthIsNotAllocatedBeforeTheBytesArrive() throws Exception {
    RespParser p = new RespParser();
    ByteBuf in = buf("*1\r\n$536870912\r\nabc");
    long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    for (int i = 0; i < 100; i++) {
      assertThat(p.parse(in)).isNull();
    }
    long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    assertThat(after - before).isLessThan(256L * 1024 * 1024);
    // The *1 header is consumed into the parser's state; the announced bulk is not.
    assertThat(in.readerIndex()).isEqualTo(4);
  }

  @Test
  void unauthenticatedLimits() {
    RespParser p = new RespParser();
    p.setAuthRequired(true);
    assertThatThrownBy(() -> p.parse(buf("*11\r\n")))
        .hasMessage("unauthenticated multibulk length");
  }

  @Test
  void fuzzedFramesOnlyEverFailWithProtocolErrors() {
    Random rnd = new Random(7);
    String[] seeds = {
      "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
      "PING\r\n",
      "set a \"b c\"\r\n",
      "*0\r\n",
      "*1\r\n$0\r\n\r\n"
    };
    for (int i = 0; i < 20_000; i++) {
      byte[] b = seeds[rnd.nextInt(seeds.length)].getBytes(StandardCharsets.ISO_8859_1);
      int mutations = 1 + rnd.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        switch (rnd.nextInt(3)) {
          case 0 -> {
            if (b.length > 0) {
              b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
          }
          case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
          default -> {
            byte[] n = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(8));
            for (int k = b.length; k < n.length; k++) {
              n[k] = (byte) "*$\r\n0123456789-\"' ".charAt(rnd.nextInt(18));
            }
            b = n;
          }
        }
      }
      RespParser p = new RespParser();
      ByteBuf in = Unpooled.wrappedBuffer(b);
      try {
        while (p.parse(in) != null && in.isReadable()) {
          // keep parsing until more bytes are needed
        }
      } catch (RespProtocolException e) {
        assertThat(e.replyText()).startsWith("ERR Protocol error: ");
      }
    }
  }
}
