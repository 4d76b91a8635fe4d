package io.replicheck.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking RESP2 client with a bound on every call, for the harness's own administration of nodes
 * (never for workload ops, which go through Lettuce and are recorded). It fails fast and clearly
 * instead of reconnecting: an admin call that cannot reach a node is an answer too.
 *
 * <p>Replies map to Java: simple string -> String, error -> {@link RespError}, integer -> Long,
 * bulk -> byte[] (null for nil), array -> List (null for nil array).
 */
public final class AdminClient implements AutoCloseable {

  /** An error reply ({@code -ERR ...}), returned as a value, not thrown. */
  public record RespError(String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  private static final int MAX_BULK = 512 * 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String address;

  private AdminClient(Socket socket, String address) throws IOException {
    this.socket = socket;
    this.address = address;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  /** Connects with the given bound on connect and on every reply. */
  public static AdminClient connect(String host, int port, Duration timeout) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new AdminClient(s, host + ":" + port);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public String address() {
    return address;
  }

  /**
   * Sends one command and reads its reply; a reply that does not come names the node and command.
   */
  public Object call(Object... args) throws IOException {
    send(args);
    try {
      return read();
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          address
              + ": no reply to "
              + args[0]
              + (args.length > 1 && args[0] instanceof String c && c.equalsIgnoreCase("DEBUG")
                  ? " " + args[1]
                  : "")
              + " within "
              + socket.getSoTimeout()
              + " ms");
    }
  }

  /**
   * As {@link #call(Object...)} with its own bound on the reply: for a command whose time grows
   * with the whole dataset (DEBUG DIGEST of an hour's data).
   */
  public Object call(Duration timeout, Object... args) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try {
      return call(args);
    } finally {
      socket.setSoTimeout(before);
    }
  }

  /** Sends one command whose reply must not be an error; returns the reply as text. */
  public String callText(Object... args) throws IOException {
    Object r = call(args);
    if (r instanceof RespError e) {
      throw new IOException(address + ": " + args[0] + " failed: " + e.message());
    }
    return text(r);
  }

  /** INFO [section] parsed into field -> value (sections merged, comment lines dropped). */
  public Map<String, String> info(String section) throws IOException {
    String raw = section == null ? callText("INFO") : callText("INFO", section);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : raw.split("\r?\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      if (colon > 0) fields.put(line.substring(0, colon), line.substring(colon + 1));
    }
    return fields;
  }

  public void send(Object... args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] b =
          a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
      buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(b);
      buf.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(buf.toByteArray());
    out.flush();
  }

  /** Reads one reply. */
  public Object read() throws IOException {
    int type = in.read();
    if (type < 0) throw new IOException(address + ": connection closed");
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new RespError(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int len = Integer.parseInt(line);
          if (len < 0) return null;
          if (len > MAX_BULK) throw new IOException(address + ": bulk of " + len + " bytes");
          byte[] b = in.readNBytes(len);
          if (b.length < len || in.read() != '\r' || in.read() != '\n') {
            throw new IOException(address + ": truncated bulk reply");
          }
          return b;
        }
      case '*':
        {
          int n = Integer.parseInt(line);
          if (n < 0) return null;
          List<Object> items = new ArrayList<>(Math.min(n, 1024));
          for (int i = 0; i < n; i++) items.add(read());
          return items;
        }
      default:
        throw new IOException(address + ": unexpected reply type '" + (char) type + "'");
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) throw new IOException(address + ": connection closed mid-reply");
      if (c == '\r') {
        if (in.read() != '\n') throw new IOException(address + ": bad line ending");
        return sb.toString();
      }
      if (sb.length() > 1 << 20) throw new IOException(address + ": reply line too long");
      sb.append((char) c);
    }
  }

  /** Renders a reply as text: bulk and simple strings as themselves, integers in decimal. */
  public static String text(Object reply) {
    if (reply == null) return null;
    if (reply instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    return reply.toString();
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
