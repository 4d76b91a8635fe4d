package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acting as a replica of redis-server 7.0 (PSYNC without "capa eof", so the RDB comes as a $length
 * bulk): the reader consumes exactly the RDB from the socket's buffered stream, and the command
 * stream that follows is read intact from the same stream.
 */
@Tag("interop") // needs redis-server
class FullSyncStreamIT {
  @TempDir Path dir;

  @Test
  void readerStopsAtTheChecksumOnALiveReplicationStream() throws Exception {
    try (RedisServer master = RedisServer.start(dir, "master.rdb", "--repl-diskless-sync", "no");
        Socket s = new Socket()) {
      ReaderInteropIT.populate(master);
      String digest = master.str("DEBUG", "DIGEST");
      s.connect(new InetSocketAddress("127.0.0.1", master.port), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream());
      out.write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String fullresync = line(in);
      assertThat(fullresync).startsWith("+FULLRESYNC ");
      int c;
      while ((c = in.read()) == '\n') {
        // keepalive newlines while the master runs BGSAVE
      }
      assertThat((char) c).isEqualTo('$');
      long length = Long.parseLong(line(in));

      DatasetDigest ours = new DatasetDigest();
      CountingStream counted = new CountingStream(in);
      RdbReader.read(counted, length, ours);
      assertThat(counted.count).isEqualTo(length);
      assertThat(ours.hex()).isEqualTo(digest);

      // The stream continues with the commands written after the snapshot.
      master.ok("SET", "after-sync", "streamed");
      List<String> seen = new ArrayList<>();
      while (!String.join(" ", seen).contains("after-sync")) {
        seen.add(command(in));
      }
      assertThat(String.join(" ", seen)).contains("SET after-sync streamed");
    }
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("closed");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** One RESP array of bulk strings, joined by spaces. */
  static String command(InputStream in) throws IOException {
    String head = line(in);
    assertThat(head).startsWith("*");
    int n = Integer.parseInt(head.substring(1));
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String len = line(in);
      assertThat(len).startsWith("$");
      byte[] d = in.readNBytes(Integer.parseInt(len.substring(1)));
      in.readNBytes(2);
      parts.add(new String(d, StandardCharsets.ISO_8859_1));
    }
    return String.join(" ", parts);
  }

  /** Counts what the reader consumes. */
  static final class CountingStream extends InputStream {
    private final InputStream in;
    long count;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
