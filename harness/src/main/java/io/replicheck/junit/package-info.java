/**
 * A JUnit 5 extension for replication tests in users' own projects: {@code @ReplicatedCluster} on a
 * test class starts a master and replicas behind the chaos proxy and injects a {@link
 * io.replicheck.junit.TestCluster}; everything is stopped after the class.
 */
package io.replicheck.junit;
