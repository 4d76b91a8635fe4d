#!/usr/bin/env python3
"""Writes redis-server's own COMMAND DOCS reply (RESP3 bytes, gzip) for the reference server.

Usage: start redis-server 7.0.15 (`redis-server --port 6399 --save ""`), then
  python3 reference-impl/tools/gen-command-docs.py 6399 \
    reference-impl/src/main/resources/io/replicheck/server/command/command-docs.resp3.gz
The reference server (CommandDocs) answers COMMAND DOCS from this file for the commands it has.
"""
import gzip
import socket
import sys


def read_reply(f):
    """Reads one RESP3 reply from f and returns its raw bytes."""
    line = f.readline()
    out = bytearray(line)
    t, rest = line[:1], line[1:-2]
    if t in (b"$", b"="):
        n = int(rest)
        if n >= 0:
            out += f.read(n + 2)
    elif t in (b"*", b"~", b">"):
        for _ in range(int(rest)):
            out += read_reply(f)
    elif t == b"%":
        for _ in range(2 * int(rest)):
            out += read_reply(f)
    return bytes(out)


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    s = socket.create_connection(("127.0.0.1", port))
    f = s.makefile("rb")
    s.sendall(b"HELLO 3\r\n")
    read_reply(f)
    s.sendall(b"COMMAND DOCS\r\n")
    docs = read_reply(f)
    with open(path, "wb") as out:
        out.write(gzip.compress(docs, 9, mtime=0))


if __name__ == "__main__":
    main()
