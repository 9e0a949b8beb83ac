package dev.mlops.orchestrator.pipeline.step;

import dev.mlops.orchestrator.pipeline.StepContext;
import dev.mlops.orchestrator.storage.S3Uri;

/** Where a run's outputs go: {@code runs/<run-id>/<step>/a<attempt>/} in the artifacts bucket. */
final class ArtifactLayout {

  private ArtifactLayout() {}

  static S3Uri stepPrefix(String artifactsBucket, StepContext ctx) {
    return S3Uri.of(
        artifactsBucket,
        "runs/"
            + ctx.run().id()
            + "/"
            + ctx.step().step().id()
            + "/a"
            + ctx.step().attempt()
            + "/");
  }

  static S3Uri runInput(String artifactsBucket, StepContext ctx, String name) {
    return S3Uri.of(artifactsBucket, "runs/" + ctx.run().id() + "/input/" + name);
  }
}
