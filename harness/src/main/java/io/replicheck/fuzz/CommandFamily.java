package io.replicheck.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A named group of command shapes, read from {@code families/<name>.txt} on the class path. */
public record CommandFamily(String name, List<CommandShape> shapes) {

  /** Loads {@code io/replicheck/fuzz/families/<name>.txt}; blank lines and # comments skipped. */
  public static CommandFamily load(String name) {
    String path = "families/" + name + ".txt";
    try (InputStream in = CommandFamily.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no command family file " + path);
      }
      List<CommandShape> shapes = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          shapes.add(CommandShape.parse(l));
        }
      }
      return new CommandFamily(name, List.copyOf(shapes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
