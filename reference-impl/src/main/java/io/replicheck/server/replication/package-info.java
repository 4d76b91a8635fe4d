/**
 * Replication as redis-server 7.0 does it, in both roles. The rules are pure state machines: the
 * backlog ring, replication ids (replid, replid2, second_replid_offset), the PSYNC decision, the
 * master's bookkeeping of its replicas (states, ACKs, WAIT, min-replicas, timeouts) and the
 * replica's link state machine (handshake, PSYNC, transfer, stream). They do no I/O and read no
 * clock: time comes in as arguments, bytes come in as events and go out as actions, so every rule
 * is tested without sockets or sleeps. The edges are thin: {@link
 * io.replicheck.server.replication.ReplicationExtension} plugs replication into the server core
 * (commands, config, INFO), and a few classes own the sockets and files (the replica's link to its
 * master, a replica's connection on the master, snapshot production and transfer). {@link
 * io.replicheck.server.replication.InjectedBug} holds the catalogue of bugs that can be switched
 * on, each consulted where it bites.
 */
package io.replicheck.server.replication;
