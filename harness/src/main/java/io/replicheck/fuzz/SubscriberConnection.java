package io.replicheck.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer's second connection to a server: a subscriber (RESP2 or, after HELLO 3, RESP3) that
 * also runs the commands a family sends "on the subscriber" ({@code sub>} shapes). Replies and
 * pushes are read raw and rendered as text that keeps the RESP type of every element, so the push
 * forms are compared too. What arrived is collected up to the reply of a {@code PING} with a token
 * of its own, which a server queues behind everything it already owed the connection.
 */
final class SubscriberConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private long syncs;

  private SubscriberConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  static SubscriberConnection connect(String host, int port, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new SubscriberConnection(s);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Sends one command without reading anything. */
  void send(List<byte[]> args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] b : args) {
      buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(b);
      buf.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(buf.toByteArray());
    out.flush();
  }

  /**
   * Everything the server sent this connection (replies and pushes, in order) before the reply to a
   * {@code PING <token>} sent now.
   */
  List<String> drain() throws IOException {
    String token = "fuzz-sync-" + (++syncs);
    send(List.of(bytes("PING"), bytes(token)));
    String plain = "\"" + token + "\"";
    String subscribed = "[\"pong\", \"" + token + "\"]";
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String r = read();
      if (r.equals(plain) || r.equals(subscribed)) {
        return got;
      }
      got.add(r);
    }
    throw new IOException("no reply to PING " + token + " after 100000 replies");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Reads one RESP2 or RESP3 reply and renders it with its type (see {@link #render}). */
  String read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("subscriber connection closed");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return "-" + line;
      case ':':
        return ":" + line;
      case ',':
        return "," + line;
      case '#':
        return "#" + line;
      case '_':
        return "(null)";
      case '(':
        return "(" + line;
      case '$':
      case '=':
      case '!':
        {
          int len = Integer.parseInt(line);
          if (len < 0) {
            return "(nil)";
          }
          byte[] b = in.readNBytes(len);
          if (b.length < len || in.read() != '\r' || in.read() != '\n') {
            throw new IOException("truncated reply");
          }
          String s = DifferentialFuzzer.escape(b);
          return type == '$' ? "\"" + s + "\"" : (type == '=' ? "=" + s : "!" + s);
        }
      case '*':
      case '>':
      case '~':
      case '%':
      case '|':
        {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return "(nil array)";
          }
          int items = type == '%' || type == '|' ? 2 * n : n;
          List<String> parts = new ArrayList<>();
          for (int i = 0; i < items; i++) {
            parts.add(read());
          }
          String body = String.join(", ", parts);
          return switch (type) {
            case '>' -> ">[" + body + "]";
            case '~' -> "~[" + body + "]";
            case '%' -> "%[" + body + "]";
            case '|' -> "|[" + body + "] " + read(); // an attribute precedes its reply
            default -> "[" + body + "]";
          };
        }
      default:
        throw new IOException("unexpected reply type '" + (char) type + "'");
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("subscriber connection closed mid-reply");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("bad line ending");
        }
        return sb.toString();
      }
      if (sb.length() > 1 << 20) {
        throw new IOException("reply line too long");
      }
      sb.append((char) c);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
