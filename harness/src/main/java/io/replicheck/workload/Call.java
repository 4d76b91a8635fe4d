package io.replicheck.workload;

import com.fasterxml.jackson.annotation.JsonValue;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An op that runs itself: the commands of a workload that drives arbitrary redis commands
 * (propagation), sent through the client's Lettuce connection. The history records it as its text
 * (the command lines: it is a CharSequence, which histories record as a string); {@link
 * WorkloadClient} runs it and turns errors into fail or info as for any op.
 */
public final class Call implements CharSequence {

  /** What a call does on a connection. */
  @FunctionalInterface
  public interface Body {
    Completion run(RedisCommands<String, String> redis);
  }

  private final String text;
  private final Body body;

  public Call(String text, Body body) {
    this.text = text;
    this.body = body;
  }

  /** One command, its reply the op's value (a list for arrays, text or a number otherwise). */
  public static Call of(String... argv) {
    return new Call(String.join(" ", argv), redis -> Completion.ok(printable(send(redis, argv))));
  }

  /** The reply of a command that answers one value (a string, a number or nil). */
  public static Object single(RedisCommands<String, String> redis, String... argv) {
    List<Object> out = send(redis, argv);
    return out == null || out.isEmpty() ? null : out.get(0);
  }

  public Completion run(RedisCommands<String, String> redis) {
    return body.run(redis);
  }

  /**
   * Sends one command of any name; its reply as Lettuce's ArrayOutput holds it: an array's
   * elements, or a list of the one value (null inside MULTI, where replies come with EXEC).
   */
  public static List<Object> send(RedisCommands<String, String> redis, String... argv) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
    for (int i = 1; i < argv.length; i++) args.add(argv[i]);
    List<Object> out =
        redis.dispatch(new Keyword(argv[0]), new ArrayOutput<>(StringCodec.UTF8), args);
    return out;
  }

  /** A reply as the history records it: short, text. */
  static Object printable(Object reply) {
    if (reply instanceof List<?> l && l.size() == 1) reply = l.get(0);
    if (reply == null || reply instanceof Long) return reply;
    String s = String.valueOf(reply);
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public char charAt(int index) {
    return text.charAt(index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  /** A command name Lettuce does not know (FCALL, XAUTOCLAIM, ...), as it is sent. */
  private record Keyword(String name) implements ProtocolKeyword {
    @Override
    public byte[] getBytes() {
      return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
