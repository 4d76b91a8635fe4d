package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationStreamParserTest {
  private static byte[] stream() {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(RespCommands.encode("SELECT", "3"));
    s.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
    s.writeBytes(RespCommands.encode("SET", "k", "v\r\nwith crlf"));
    s.writeBytes(RespCommands.encode("SET", "empty", ""));
    s.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    s.writeBytes(RespCommands.encode("PING"));
    return s.toByteArray();
  }

  private static List<String> describe(List<ReplicationStreamParser.Frame> frames) {
    List<String> out = new ArrayList<>();
    for (ReplicationStreamParser.Frame f : frames) {
      StringBuilder sb = new StringBuilder().append(f.raw().length).append(':');
      for (byte[] a : f.argv()) {
        sb.append('[').append(new String(a, StandardCharsets.UTF_8)).append(']');
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static List<ReplicationStreamParser.Frame> parseInChunks(byte[] data, int... cuts) {
    ReplicationStreamParser p = new ReplicationStreamParser();
    List<ReplicationStreamParser.Frame> frames = new ArrayList<>();
    int prev = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int end = i < cuts.length ? cuts[i] : data.length;
      p.feed(data, prev, end - prev);
      prev = end;
      ReplicationStreamParser.Frame f;
      while ((f = p.next()) != null) {
        frames.add(f);
      }
    }
    assertThat(p.buffered()).isZero();
    return frames;
  }

  @Test
  void framesCommandsAndKeepalivesWithTheirByteCounts() {
    byte[] data = stream();
    List<ReplicationStreamParser.Frame> frames = parseInChunks(data);
    assertThat(describe(frames))
        .containsExactly(
            "23:[SELECT][3]",
            "1:",
            "39:[SET][k][v\r\nwith crlf]",
            "30:[SET][empty][]",
            "2:",
            "14:[PING]");
    int total = frames.stream().mapToInt(f -> f.raw().length).sum();
    assertThat(total).isEqualTo(data.length);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    frames.forEach(f -> joined.writeBytes(f.raw()));
    assertThat(joined.toByteArray()).isEqualTo(data);
  }

  @Test
  void anySplitGivesTheSameFrames() {
    byte[] data = stream();
    List<String> whole = describe(parseInChunks(data));
    for (int a = 0; a <= data.length; a++) {
      for (int b = a; b <= data.length; b += 7) {
        assertThat(describe(parseInChunks(data, a, b))).as("cuts %d %d", a, b).isEqualTo(whole);
      }
    }
    int[] every = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      every[i] = i;
    }
    assertThat(describe(parseInChunks(data, every))).isEqualTo(whole);
  }

  @Test
  void rejectsWhatIsNotACommand() {
    assertThatThrownBy(() -> parse("+OK\r\n")).hasMessageContaining("expected '*'");
    assertThatThrownBy(() -> parse("*1\r\n:5\r\n")).hasMessageContaining("expected '$'");
    assertThatThrownBy(() -> parse("*x\r\n")).hasMessageContaining("invalid multibulk length");
    assertThatThrownBy(() -> parse("*1\r\n$-3\r\n")).hasMessageContaining("invalid bulk length");
    assertThatThrownBy(() -> parse("*1\r\n$1\r\nabc\r\n")).hasMessageContaining("CRLF");
    assertThatThrownBy(() -> parse("\rx")).hasMessageContaining("'\\n'");
    assertThatThrownBy(() -> parse("*" + "9".repeat(70_000)))
        .isInstanceOf(ReplicationProtocolException.class);
  }

  @Test
  void incompleteInputWaits() {
    ReplicationStreamParser p = new ReplicationStreamParser();
    p.feed("*2\r\n$3\r\nGET\r\n$1\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(p.next()).isNull();
    p.feed("k\r".getBytes(StandardCharsets.US_ASCII));
    assertThat(p.next()).isNull();
    p.feed("\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(p.next().argv()).hasSize(2);
  }

  private static void parse(String s) {
    ReplicationStreamParser p = new ReplicationStreamParser();
    p.feed(s.getBytes(StandardCharsets.ISO_8859_1));
    while (p.next() != null) {
      // drain
    }
  }

  @Test
  void inPlaceFramesHandOverExactlyTheStreamsBytesOneByteAtATime() {
    byte[] data = stream();
    ReplicationStreamParser p = new ReplicationStreamParser();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    List<Integer> argc = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      p.feed(data, i, 1);
      byte[][] argv;
      while ((argv = p.nextArgv()) != null) {
        argc.add(argv.length);
        p.frameBytes(seen::write);
        p.consumeFrame();
      }
    }
    assertThat(argc).containsExactly(2, 0, 3, 3, 0, 1);
    assertThat(seen.toByteArray()).isEqualTo(data);
    assertThat(p.buffered()).isZero();
  }

  @Test
  void aFrameMustBeConsumedBeforeTheNext() {
    ReplicationStreamParser p = new ReplicationStreamParser();
    p.feed(stream());
    assertThat(p.nextArgv().length).isEqualTo(2);
    assertThatThrownBy(p::nextArgv).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encodingWritesTheExactFrame() {
    assertThat(new String(RespCommands.encode("SET", "key", "0123456789"), StandardCharsets.UTF_8))
        .isEqualTo("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\n0123456789\r\n");
    assertThat(RespCommands.select(3)).isEqualTo(RespCommands.encode("SELECT", "3"));
    assertThat(RespCommands.select(123)).isEqualTo(RespCommands.encode("SELECT", "123"));
  }
}
