package io.replicheck.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Building a new node image removes the same repository's stale images that no container uses, and
 * keeps the new one and any a container still uses (never forced).
 */
@Tag("interop") // needs Docker
class NodeImagePruneIT {
  private static final String REPO = "replicheck/prune-test";

  private static String build(String tag, String content) throws Exception {
    return new ImageFromDockerfile(REPO + ":" + tag, false)
        .withFileFromString("f", content)
        .withFileFromString("Dockerfile", "FROM scratch\nCOPY f /f\nCMD [\"/f\"]\n")
        .get(2, TimeUnit.MINUTES);
  }

  private static boolean exists(DockerClient client, String image) {
    return client.listImagesCmd().withImageNameFilter(image).exec().stream()
        .anyMatch(i -> i.getRepoTags() != null && List.of(i.getRepoTags()).contains(image));
  }

  @Test
  void staleUnusedImagesGoTheNewOneAndUsedOnesStay() throws Exception {
    ContainerClusterIT.requireDocker();
    DockerClient client = DockerClientFactory.instance().client();
    String old = build("old", "old");
    String used = build("used", "used");
    String fresh = build("fresh", "fresh");
    // a stopped container keeps its image in use
    String container = client.createContainerCmd(used).exec().getId();
    try {
      // everything made before now + 60 s counts as stale here
      NodeImage.pruneStale(fresh, System.currentTimeMillis() / 1000 + 60);
      assertThat(exists(client, old)).as(old).isFalse();
      assertThat(exists(client, used)).as(used).isTrue();
      assertThat(exists(client, fresh)).as(fresh).isTrue();

      // nothing is stale under the real cutoff (a day): the images made now stay
      String again = build("again", "again");
      NodeImage.pruneStale(
          again, System.currentTimeMillis() / 1000 - NodeImage.STALE_AFTER_SECONDS);
      assertThat(exists(client, fresh)).as(fresh).isTrue();
    } finally {
      client.removeContainerCmd(container).withForce(true).exec();
      for (String t : List.of(old, used, fresh, REPO + ":again")) {
        try {
          client.removeImageCmd(t).withForce(true).exec();
        } catch (RuntimeException gone) {
          // removed above
        }
      }
    }
  }
}
