package io.replicheck.server.core;

import io.replicheck.server.resp.ReplySink;
import java.nio.charset.StandardCharsets;

/**
 * One command execution: the client, its arguments, where to reply, and what to propagate. Handlers
 * reply exactly once (an error or a value) and call {@link #dirty} for each change they make; a
 * call that changed something is propagated as its arguments unless the handler chose other ones
 * with {@link #propagateAs} or {@link #preventPropagation}.
 */
public final class CommandContext {
  private final ServerCore core;
  private final Client client;
  private final CommandSpec spec;
  private final byte[][] argv;
  private final boolean inExec;
  byte[][] propagateArgv;
  boolean noPropagate;
  boolean forcePropagate;

  /** Timeout carried over when a blocked command is re-run (ms, 0 none); -1 when not re-run. */
  long rerunTimeoutAt = -1;

  CommandContext(ServerCore core, Client client, CommandSpec spec, byte[][] argv, boolean inExec) {
    this.core = core;
    this.client = client;
    this.spec = spec;
    this.argv = argv;
    this.inExec = inExec;
  }

  /** Whether this run re-runs a blocked command because one of its keys became ready. */
  public boolean isRerun() {
    return rerunTimeoutAt >= 0;
  }

  public ServerCore core() {
    return core;
  }

  public Client client() {
    return client;
  }

  public CommandSpec spec() {
    return spec;
  }

  public byte[][] argv() {
    return argv;
  }

  public int argc() {
    return argv.length;
  }

  public byte[] arg(int i) {
    return argv[i];
  }

  public String argString(int i) {
    return new String(argv[i], StandardCharsets.UTF_8);
  }

  /** Argument i in lower case (for options and subcommands). */
  public String argLower(int i) {
    return argString(i).toLowerCase(java.util.Locale.ROOT);
  }

  public ReplySink reply() {
    return client.reply();
  }

  /** The client's selected database. */
  public Db db() {
    return core.keyspace().db(client.db);
  }

  /** Inside EXEC (blocking commands do not block there). */
  public boolean inExec() {
    return inExec;
  }

  /** Current time in ms as this command sees it (one instant for a whole command or EXEC). */
  public long now() {
    return core.now();
  }

  /** Counts changes (redis's server.dirty): a command with changes is propagated. */
  public void dirty(long n) {
    core.dirty += n;
  }

  /** The same client running another command's handler on other arguments (GEOADD runs ZADD). */
  public CommandContext rewritten(CommandSpec other, byte[][] args) {
    return new CommandContext(core, client, other, args, inExec);
  }

  /** Propagates these arguments instead of the command's own. */
  public void propagateAs(byte[]... args) {
    propagateArgv = args;
  }

  public void propagateAs(String... args) {
    byte[][] b = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      b[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    propagateArgv = b;
  }

  /** Adds a command to propagate now, before this command's own (e.g. one per served pop). */
  public void alsoPropagate(byte[]... args) {
    core.propagation().alsoPropagate(client.db, args);
  }

  /** Propagates this command although it changed no key (PUBLISH: forceCommandPropagation). */
  public void forcePropagation() {
    forcePropagate = true;
  }

  public void preventPropagation() {
    noPropagate = true;
  }

  /** A key was changed: invalidates WATCH and wakes clients blocked on it. */
  public void signalModified(byte[] key) {
    core.watches().signalModifiedKey(client.db, key);
  }

  /** Same as {@link #signalModified} for another db (MOVE, COPY ... DB). */
  public void signalModified(int db, byte[] key) {
    core.watches().signalModifiedKey(db, key);
  }

  /** A list key received elements: serve clients blocked on it after this command. */
  public void signalListReady(byte[] key) {
    core.blocking().signalKeyAsReady(client.db, key);
  }

  // ---- common replies ----

  public void ok() {
    reply().simple("OK");
  }

  public void error(String text) {
    core.stats.totalErrorReplies++;
    reply().error(text);
  }

  public void wrongType() {
    error("WRONGTYPE Operation against a key holding the wrong kind of value");
  }

  public void syntaxError() {
    error("ERR syntax error");
  }

  public void notInteger() {
    error("ERR value is not an integer or out of range");
  }

  public void wrongArgs() {
    error("ERR wrong number of arguments for '" + spec.name() + "' command");
  }

  /** Parses argument i as a long, replying the error and returning null when it is not one. */
  public Long longArg(int i) {
    Long v = Numbers.parseLong(argv[i]);
    if (v == null) {
      notInteger();
    }
    return v;
  }
}
