package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.container.it.ContainerProcess;
import dev.mlops.contract.evaluation.EvaluationReport;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's quality gate must be able to stop a bad model: hyperparameters that cripple
 * learning still train (exit 0, a valid model), but the model evaluates far worse than the normal
 * one. The orchestrator's gate tests rely on exactly this.
 */
class CrippledHyperparametersIT {

  @Test
  void crippledModelTrainsButEvaluatesMuchWorse(@TempDir Path dir) throws Exception {
    Path trainRoot = dir.resolve("train");
    MlTree.trainingChannels(trainRoot, TrainedTxhousing.preprocessOutput());
    MlTree.hyperparameters(
        trainRoot, "{\"num_round\": \"1\", \"eta\": \"0.001\", \"max_depth\": \"1\"}");
    ContainerProcess.Outcome train = ContainerProcess.run(trainRoot, "train").expectExit(0);
    assertThat(train.stdout()).contains("[1/1] train:rmse=");

    JsonNode provenance =
        Json.mapper().readTree(trainRoot.resolve("model/provenance.json").toFile());
    assertThat(provenance.path("rounds").asInt()).isEqualTo(1);
    assertThat(provenance.path("hyperparameters").path("eta").asDouble()).isEqualTo(0.001);
    assertThat(provenance.path("hyperparameters_given").toString())
        .contains("eta", "max_depth", "num_round");

    Path evaluateRoot = dir.resolve("evaluate");
    MlTree.copyTree(trainRoot.resolve("model"), evaluateRoot.resolve("processing/input/model"));
    MlTree.copyTree(
        TrainedTxhousing.preprocessOutput().resolve("test"),
        evaluateRoot.resolve("processing/input/test"));
    ContainerProcess.run(evaluateRoot, "evaluate").expectExit(0);

    EvaluationReport crippled =
        EvaluationReport.read(evaluateRoot.resolve("processing/evaluation/evaluation.json"));
    EvaluationReport normal =
        EvaluationReport.read(
            TrainedTxhousing.evaluateRoot().resolve("processing/evaluation/evaluation.json"));
    assertThat(crippled.metric("rmse")).isGreaterThan(2 * normal.metric("rmse"));
    assertThat(crippled.metric("r2")).isLessThan(0.2).isLessThan(normal.metric("r2") - 0.3);
  }
}
