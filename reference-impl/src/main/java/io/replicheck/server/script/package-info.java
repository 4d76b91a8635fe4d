/**
 * Lua scripting and functions without I/O (redis 7.0's eval.c, script.c, script_lua.c, functions.c
 * and function_lua.c) on luaj: the sandboxed {@link io.replicheck.server.script.LuaEngine}, the
 * conversion between RESP replies and Lua values ({@link
 * io.replicheck.server.script.RespLuaConversion}), the EVAL script cache ({@link
 * io.replicheck.server.script.ScriptCache}), the function libraries ({@link
 * io.replicheck.server.script.FunctionLibraries}) and one script run ({@link
 * io.replicheck.server.script.ScriptRun}), whose {@code redis.call} goes through the core's command
 * table like a client's command, so its writes are propagated as effects (MULTI/EXEC when several).
 * The commands are in {@code io.replicheck.server.command.ScriptCommands} and {@code
 * FunctionCommands}.
 */
package io.replicheck.server.script;
