package io.replicheck.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a replicated cluster for the annotated test class and injects a {@link TestCluster} into
 * test methods (and {@code @BeforeAll}/{@code @BeforeEach}) that ask for one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ReplicheckExtension.class)
public @interface ReplicatedCluster {
  /** Replicas besides the master. */
  int replicas() default 2;

  /**
   * A {@link io.replicheck.cluster.Topology} notation: star, chain, mix, tree:U2,U3,... or
   * sentinel[:N,...] (a star watched by N real Sentinel processes, which needs redis-sentinel or
   * redis-server on PATH; {@link TestCluster#sentinelAddresses()} lists them).
   */
  String topology() default "star";

  /** A redis-server compatible binary; empty for the reference server. */
  String server() default "";

  /** Extra redis-server arguments for every node. */
  String[] serverArgs() default {};
}
