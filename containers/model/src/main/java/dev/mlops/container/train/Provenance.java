package dev.mlops.container.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.container.job.RuntimeVersions;
import dev.mlops.contract.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a model came from ({@code provenance.json} next to it): the exact data, settings and
 * libraries, so that it can be reproduced and audited. A model is only as trustworthy as the answer
 * to "what was it trained on?".
 *
 * @param dataset the schema's dataset name
 * @param problemType regression or classification
 * @param trainDataSha256 SHA-256 over the training channel's CSV files, in path order
 * @param trainFiles those files, relative to the channel
 * @param validationDataSha256 the same for the validation channel, or null without one
 * @param rows row counts: the channels' rows, the rows used, the rows dropped
 * @param hyperparameters every hyperparameter the booster used, defaults included
 * @param hyperparametersGiven the names the job was given (the rest are defaults)
 * @param seed the random seed
 * @param rounds boosting rounds in the saved model
 * @param bestIteration the 0-based round early stopping chose, or null without early stopping
 * @param features the model inputs, in order
 * @param classes for classification, the labels in code order
 * @param libraries library and runtime versions
 * @param trainedAt when training finished (ISO-8601, UTC)
 * @param trainingSeconds wall time of the boosting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
    @JsonProperty("dataset") String dataset,
    @JsonProperty("problem_type") String problemType,
    @JsonProperty("train_data_sha256") String trainDataSha256,
    @JsonProperty("train_files") List<String> trainFiles,
    @JsonProperty("validation_data_sha256") String validationDataSha256,
    @JsonProperty("rows") Map<String, Integer> rows,
    @JsonProperty("hyperparameters") Map<String, Object> hyperparameters,
    @JsonProperty("hyperparameters_given") List<String> hyperparametersGiven,
    @JsonProperty("seed") long seed,
    @JsonProperty("rounds") int rounds,
    @JsonProperty("best_iteration") Integer bestIteration,
    @JsonProperty("features") List<String> features,
    @JsonProperty("classes") List<String> classes,
    @JsonProperty("libraries") RuntimeVersions libraries,
    @JsonProperty("trained_at") String trainedAt,
    @JsonProperty("training_seconds") double trainingSeconds) {

  public static final String FILE_NAME = "provenance.json";

  public void write(Path file) {
    Json.write(file, this);
  }

  public static Provenance read(Path file) {
    return Json.read(file, Provenance.class);
  }
}
