package dev.mlops.container.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.container.job.JobFailure;
import dev.mlops.contract.schema.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperparametersTest {

  @Test
  void defaultsFollowTheReadmeAndTheProblemType() {
    Hyperparameters regression = Hyperparameters.resolve(Map.of(), ProblemType.REGRESSION);
    assertThat(regression.numRound()).isEqualTo(200);
    assertThat(regression.values())
        .containsEntry("max_depth", 6)
        .containsEntry("eta", 0.1)
        .containsEntry("min_child_weight", 1.0)
        .containsEntry("subsample", 1.0)
        .containsEntry("colsample_bytree", 1.0)
        .containsEntry("lambda", 1.0)
        .containsEntry("alpha", 0.0)
        .containsEntry("objective", "reg:squarederror")
        .containsEntry("eval_metric", "rmse")
        .containsEntry("nthread", Runtime.getRuntime().availableProcessors())
        .doesNotContainKey("early_stopping_rounds");
    assertThat(regression.seed()).isEqualTo(42);
    assertThat(regression.earlyStoppingRounds()).isZero();
    assertThat(regression.given()).isEmpty();

    Hyperparameters binary = Hyperparameters.resolve(Map.of(), ProblemType.BINARY_CLASSIFICATION);
    assertThat(binary.objective()).isEqualTo("binary:logistic");
    assertThat(binary.evalMetrics()).containsExactly("logloss");
    assertThat(binary.boosterParams(2)).doesNotContainKey("num_class");

    Hyperparameters multi =
        Hyperparameters.resolve(Map.of(), ProblemType.MULTICLASS_CLASSIFICATION);
    assertThat(multi.objective()).isEqualTo("multi:softprob");
    assertThat(multi.evalMetrics()).containsExactly("mlogloss");
    assertThat(multi.boosterParams(3)).containsEntry("num_class", 3);
  }

  @Test
  void stringsAsSageMakerPassesThem() {
    Hyperparameters hp =
        Hyperparameters.resolve(
            Map.of(
                "num_round", "50",
                "max_depth", "3.0",
                "eta", "0.3",
                "eval_metric", "rmse, mae",
                "early_stopping_rounds", "10",
                "seed", "-5",
                "nthread", "1"),
            ProblemType.REGRESSION);
    assertThat(hp.numRound()).isEqualTo(50);
    assertThat(hp.values()).containsEntry("max_depth", 3).containsEntry("eta", 0.3);
    assertThat(hp.evalMetrics()).containsExactly("rmse", "mae");
    assertThat(hp.earlyStoppingRounds()).isEqualTo(10);
    assertThat(hp.seed()).isEqualTo(-5);
    assertThat(hp.given()).contains("num_round", "eta", "nthread");
    assertThat(hp.boosterParams(0))
        .containsEntry("nthread", 1)
        .containsEntry("seed", -5L)
        .doesNotContainKeys("num_round", "early_stopping_rounds", "eval_metric");
  }

  @Test
  void everyProblemIsListedInOneReason() {
    assertThatThrownBy(
            () ->
                Hyperparameters.resolve(
                    Map.of(
                        "num_rounds", "10",
                        "eta", "0",
                        "subsample", "1.5",
                        "max_depth", "deep",
                        "seed", "1.5",
                        "tree_method", "gpu_magic",
                        "eval_metric", "rmse;mae"),
                    ProblemType.REGRESSION))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("unknown hyperparameter 'num_rounds'")
        .hasMessageContaining("(known: num_round, max_depth")
        .hasMessageContaining("eta='0' is out of range: must be above 0 and at most 1")
        .hasMessageContaining("subsample='1.5' is out of range")
        .hasMessageContaining("max_depth='deep' is not an integer")
        .hasMessageContaining("seed='1.5' is not an integer")
        .hasMessageContaining("tree_method='gpu_magic'")
        .hasMessageContaining("eval_metric='rmse;mae'");
  }

  @Test
  void objectiveMustFitTheProblemType() {
    assertThatThrownBy(
            () ->
                Hyperparameters.resolve(
                    Map.of("objective", "reg:squarederror"), ProblemType.BINARY_CLASSIFICATION))
        .hasMessageContaining("does not fit a binary_classification schema (use binary:logistic)");
    assertThat(
            Hyperparameters.resolve(
                    Map.of("objective", "reg:absoluteerror"), ProblemType.REGRESSION)
                .objective())
        .isEqualTo("reg:absoluteerror");
  }

  @Test
  void sageMakersOwnEntriesAreNotHyperparameters() {
    Hyperparameters hp =
        Hyperparameters.resolve(
            Map.of("sagemaker_program", "x", "_tuning_objective_metric", "validation:rmse"),
            ProblemType.REGRESSION);
    assertThat(hp.given()).isEmpty();
  }

  @Test
  void readsJsonWithStringsOrNumbers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hyperparameters.json");
    Files.writeString(file, "{\"num_round\": 7, \"eta\": \"0.5\"}");
    Hyperparameters hp = Hyperparameters.read(file, ProblemType.REGRESSION);
    assertThat(hp.numRound()).isEqualTo(7);
    assertThat(hp.values()).containsEntry("eta", 0.5);
    assertThat(Hyperparameters.read(dir.resolve("absent.json"), ProblemType.REGRESSION).numRound())
        .isEqualTo(200);

    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> Hyperparameters.read(file, ProblemType.REGRESSION))
        .hasMessageContaining("must be a JSON object");
  }
}
