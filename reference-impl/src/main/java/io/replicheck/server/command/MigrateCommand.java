package io.replicheck.server.command;

import static io.replicheck.server.command.Args.eq;

import io.replicheck.rdb.RdbDump;
import io.replicheck.server.core.CommandContext;
import io.replicheck.server.core.CommandSpec;
import io.replicheck.server.core.CommandTable;
import io.replicheck.server.core.Keyspace;
import io.replicheck.server.core.Numbers;
import io.replicheck.server.core.RObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS key...]
 * (cluster.c migrateCommand): DUMP each key, send AUTH, SELECT and one RESTORE per key on a
 * connection to the target, read the replies; unless COPY, the keys the target accepted are deleted
 * here and the command is propagated as DEL of them. Like redis it blocks the server for at most
 * the timeout per I/O step. Unlike redis it opens a new connection each time (redis caches it for
 * 10 s) and does not retry after a socket error.
 */
final class MigrateCommand {
  private MigrateCommand() {}

  static void register(CommandTable t) {
    t.register(
        CommandSpec.of("migrate", -6, "write movablekeys", 3, 3, 1, MigrateCommand::migrate));
  }

  static void migrate(CommandContext c) {
    boolean copy = false;
    boolean replace = false;
    byte[] user = null;
    byte[] password = null;
    int firstKey = 3;
    int numKeys = 1;
    for (int j = 6; j < c.argc(); j++) {
      int moreArgs = c.argc() - 1 - j;
      if (eq(c.arg(j), "copy")) {
        copy = true;
      } else if (eq(c.arg(j), "replace")) {
        replace = true;
      } else if (eq(c.arg(j), "auth")) {
        if (moreArgs == 0) {
          c.syntaxError();
          return;
        }
        j++;
        password = c.arg(j);
      } else if (eq(c.arg(j), "auth2")) {
        if (moreArgs < 2) {
          c.syntaxError();
          return;
        }
        user = c.arg(++j);
        password = c.arg(++j);
      } else if (eq(c.arg(j), "keys")) {
        if (c.arg(3).length != 0) {
          c.error(
              "ERR When using MIGRATE KEYS option, the key argument must be set to the empty"
                  + " string");
          return;
        }
        firstKey = j + 1;
        numKeys = c.argc() - j - 1;
        break;
      } else {
        c.syntaxError();
        return;
      }
    }
    Long timeout = Numbers.parseLong(c.arg(5));
    Long dbid = timeout == null ? null : Numbers.parseLong(c.arg(4));
    if (timeout == null || dbid == null) {
      c.notInteger();
      return;
    }
    long timeoutMs = timeout <= 0 ? 1000 : timeout;

    List<byte[]> keys = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    List<Long> ttls = new ArrayList<>();
    long now = c.now();
    for (int j = 0; j < numKeys; j++) {
      byte[] key = c.arg(firstKey + j);
      RObject o = c.db().lookupRead(key);
      if (o == null) {
        continue;
      }
      long ttl = 0;
      if (o.expireAt() != -1) {
        ttl = o.expireAt() - now;
        if (ttl < 0) {
          continue;
        }
        ttl = Math.max(ttl, 1);
      }
      keys.add(key);
      ttls.add(ttl);
      payloads.add(
          RdbDump.serialize(
              Keyspace.toRdb(o), DumpRestoreCommands.writeOptions(c.core().config())));
    }
    if (keys.isEmpty()) {
      c.reply().simple("NOKEY");
      return;
    }

    ByteArrayOutputStream cmd = new ByteArrayOutputStream();
    if (password != null) {
      if (user != null) {
        command(cmd, b("AUTH"), user, password);
      } else {
        command(cmd, b("AUTH"), password);
      }
    }
    command(cmd, b("SELECT"), b(Long.toString(dbid)));
    for (int k = 0; k < keys.size(); k++) {
      List<byte[]> a = new ArrayList<>(List.of(b("RESTORE"), keys.get(k)));
      a.add(b(Long.toString(ttls.get(k))));
      a.add(payloads.get(k));
      if (replace) {
        a.add(b("REPLACE"));
      }
      command(cmd, a.toArray(new byte[0][]));
    }

    String host = c.argString(1);
    int port;
    try {
      port = Integer.parseInt(c.argString(2));
    } catch (NumberFormatException e) {
      port = -1;
    }
    try (Socket s = new Socket()) {
      try {
        if (port < 0 || port > 65535) {
          throw new IOException("bad port");
        }
        s.connect(new InetSocketAddress(host, port), (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        s.setSoTimeout((int) Math.min(timeoutMs, Integer.MAX_VALUE));
        OutputStream out = s.getOutputStream();
        out.write(cmd.toByteArray());
        out.flush();
      } catch (IOException e) {
        c.error("IOERR error or timeout writing to target instance");
        return;
      }
      InputStream in = s.getInputStream();
      String error = null;
      List<byte[]> deleted = new ArrayList<>();
      try {
        if (password != null) {
          String r = readLine(in);
          if (r.startsWith("-")) {
            error = r.substring(1);
          }
        }
        String sel = readLine(in);
        if (error == null && sel.startsWith("-")) {
          error = sel.substring(1);
        }
        for (byte[] key : keys) {
          String r = readLine(in);
          if (r.startsWith("-")) {
            if (error == null) {
              error = r.substring(1);
            }
          } else if (!copy && c.db().delete(key)) {
            c.signalModified(key);
            c.dirty(1);
            deleted.add(key);
          }
        }
      } catch (IOException e) {
        propagateDeletes(c, copy, deleted);
        if (error == null) {
          c.error("IOERR error or timeout reading to target instance");
          return;
        }
      }
      propagateDeletes(c, copy, deleted);
      if (error != null) {
        c.error("ERR Target instance replied with error: " + error);
      } else {
        c.ok();
      }
    } catch (IOException e) {
      c.error("IOERR error or timeout writing to target instance");
    }
  }

  /** The keys the target took are deleted here: MIGRATE reaches replicas as DEL of them. */
  private static void propagateDeletes(CommandContext c, boolean copy, List<byte[]> deleted) {
    if (copy || deleted.isEmpty()) {
      return;
    }
    byte[][] del = new byte[deleted.size() + 1][];
    del[0] = b("DEL");
    for (int i = 0; i < deleted.size(); i++) {
      del[i + 1] = deleted.get(i);
    }
    c.propagateAs(del);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void command(ByteArrayOutputStream out, byte[]... args) {
    out.writeBytes(b("*" + args.length + "\r\n"));
    for (byte[] a : args) {
      out.writeBytes(b("$" + a.length + "\r\n"));
      out.writeBytes(a);
      out.writeBytes(b("\r\n"));
    }
  }

  /** One reply line (the target answers these commands with simple strings or errors). */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        byte[] l = line.toByteArray();
        int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        return new String(l, 0, n, StandardCharsets.UTF_8);
      }
      line.write(b);
      if (line.size() > 64 * 1024) {
        throw new IOException("reply line too long");
      }
    }
    throw new IOException("connection closed by the target");
  }
}
