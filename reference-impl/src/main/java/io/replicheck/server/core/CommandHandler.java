package io.replicheck.server.core;

/** Executes one command on the command thread; replies through {@link CommandContext#reply()}. */
@FunctionalInterface
public interface CommandHandler {
  void execute(CommandContext ctx);
}
