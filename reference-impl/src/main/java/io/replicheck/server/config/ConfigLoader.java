package io.replicheck.server.config;

import io.replicheck.server.resp.RespParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Parses redis-server's command line ({@code [redis.conf] [--directive value ...]}) and config
 * files as redis does (config.c loadServerConfigFromString): the file's lines, then one line per
 * {@code --directive}, each split like {@code sdssplitargs}. An unknown directive or a bad value is
 * a {@link ConfigFileError} carrying redis's exact fatal message.
 */
public final class ConfigLoader {
  /** The fatal message, as redis-server prints it before exiting with status 1. */
  public static final class ConfigFileError extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigFileError(String message) {
      super(message, null, false, false);
    }
  }

  private final ConfigRegistry registry;
  private final Consumer<String> warn;

  public ConfigLoader(ConfigRegistry registry, Consumer<String> warn) {
    this.registry = registry;
    this.warn = warn;
  }

  /** Reads an optional config file (first argument not starting with "--") and the options. */
  public void load(String[] args) throws ConfigFileError {
    StringBuilder config = new StringBuilder();
    int j = 0;
    if (args.length > 0 && !args[0].startsWith("--")) {
      Path file = Path.of(args[0]);
      try {
        config.append(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new ConfigFileError(
            "Fatal error, can't open config file '"
                + args[0]
                + "': "
                + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
      j = 1;
    }
    StringBuilder options = new StringBuilder();
    for (; j < args.length; j++) {
      String a = args[j];
      if (a.startsWith("--") && a.length() > 2) {
        if (options.length() > 0) {
          options.append('\n');
        }
        options.append(a.substring(2)).append(' ');
      } else {
        options.append(repr(a)).append(' ');
      }
    }
    if (options.length() > 0) {
      config.append('\n').append(options);
    }
    loadFromString(config.toString());
  }

  /** Applies config text line by line; line numbers as redis counts them. */
  public void loadFromString(String config) throws ConfigFileError {
    String[] lines = config.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<byte[]> parts = RespParser.splitArgs(line.getBytes(StandardCharsets.UTF_8));
      if (parts == null) {
        throw fatal(i + 1, line, "Unbalanced quotes in configuration line");
      }
      if (parts.isEmpty()) {
        continue;
      }
      List<String> argv = new ArrayList<>();
      for (byte[] p : parts) {
        argv.add(new String(p, StandardCharsets.UTF_8));
      }
      String name = argv.get(0).toLowerCase(Locale.ROOT);
      List<String> values = argv.subList(1, argv.size());
      if (name.equals("include")) {
        if (values.size() != 1) {
          throw fatal(i + 1, line, "Bad directive or wrong number of arguments");
        }
        try {
          loadFromString(Files.readString(Path.of(values.get(0)), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw fatal(i + 1, line, "Fatal error, can't open config file '" + values.get(0) + "'");
        }
        continue;
      }
      ConfigParam p = registry.lookup(name);
      if (p == null) {
        if (registry.isTuningOnly(name) && !values.isEmpty()) {
          warn.accept(
              "Directive '"
                  + name
                  + "' only tunes redis-server's internals; accepted and ignored.");
          registry.setTuning(name, String.join(" ", values));
          continue;
        }
        throw fatal(i + 1, line, "Bad directive or wrong number of arguments");
      }
      if (values.size() < p.minArgs() || values.size() > p.maxArgs()) {
        throw fatal(i + 1, line, "wrong number of arguments");
      }
      try {
        p.set(String.join(" ", values));
      } catch (ConfigException e) {
        throw fatal(i + 1, line, e.getMessage());
      }
    }
  }

  private static ConfigFileError fatal(int lineNo, String line, String err) {
    return new ConfigFileError(
        "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            + "Reading the configuration file, at line "
            + lineNo
            + "\n"
            + ">>> '"
            + line
            + "'\n"
            + err);
  }

  /** sdscatrepr: a quoted, escaped form that sdssplitargs turns back into the same bytes. */
  static String repr(String s) {
    return RespParser.repr(s);
  }
}
