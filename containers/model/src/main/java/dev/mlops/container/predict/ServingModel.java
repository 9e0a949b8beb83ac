package dev.mlops.container.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.contract.encoding.FeatureEncoder;
import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.json.Json;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code serve} loads from {@code /opt/ml/model}: either one of our models (schema, encoding,
 * booster) or, like SageMaker's built-in XGBoost container, a bare XGBoost model file whose inputs
 * are positional numeric features.
 *
 * @param encoder turns request rows into model input
 * @param predictor scores encoded rows
 * @param problemType what the model predicts (null for a bare model: outputs are returned raw)
 * @param classes class labels in code order (classification), else null
 * @param missingValues field values read as missing
 */
public record ServingModel(
    FeatureEncoder encoder,
    Predictor predictor,
    ProblemType problemType,
    List<String> classes,
    List<String> missingValues) {

  /** The file names SageMaker's XGBoost container and ours use for the booster. */
  static final List<String> MODEL_FILE_NAMES =
      List.of("model.json", "xgboost-model.json", "xgboost-model", "model.ubj", "model.bin");

  public boolean bare() {
    return problemType == null;
  }

  /** Loads the model in a folder; throws with a readable reason when it cannot. */
  public static ServingModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("model folder " + dir + " does not exist");
    }
    Path boosterFile = findBooster(dir);
    Predictor predictor = predictor(boosterFile);
    Path schemaFile = dir.resolve("schema.json");
    Path encodingFile = dir.resolve("encoding.json");
    if (Files.exists(schemaFile) && Files.exists(encodingFile)) {
      DatasetSchema schema = DatasetSchema.read(schemaFile);
      FeatureEncoding encoding = FeatureEncoding.read(encodingFile);
      FeatureEncoder encoder = new FeatureEncoder(encoding, schema.missingValues());
      if (encoder.width() != predictor.numFeatures()) {
        throw new IllegalStateException(
            "encoding.json has "
                + encoder.width()
                + " features but the booster takes "
                + predictor.numFeatures());
      }
      return new ServingModel(
          encoder, predictor, schema.problemType(), encoding.classes(), schema.missingValues());
    }
    FeatureEncoder positional =
        new FeatureEncoder(
            FeatureEncoding.positional(predictor.numFeatures()),
            DatasetSchema.DEFAULT_MISSING_VALUES);
    return new ServingModel(
        positional, predictor, null, null, DatasetSchema.DEFAULT_MISSING_VALUES);
  }

  static Path findBooster(Path dir) {
    for (String name : MODEL_FILE_NAMES) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(ServingModel::looksLikeXgboostJson)
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no XGBoost model in " + dir + " (looked for " + MODEL_FILE_NAMES + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean looksLikeXgboostJson(Path p) {
    try {
      return Json.mapper().readTree(p.toFile()).has("learner");
    } catch (IOException e) {
      return false;
    }
  }

  /** The tree walker for JSON models it supports, XGBoost4J for anything else. */
  static Predictor predictor(Path file) {
    ObjectMapper mapper = Json.mapper();
    if (file.getFileName().toString().endsWith(".json") || startsWithBrace(file)) {
      try {
        return TreeEnsemble.load(file, mapper);
      } catch (UnsupportedModelException e) {
        System.err.println(e.getMessage() + ": using XGBoost4J for " + file.getFileName());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    try {
      return XgboostPredictor.load(file);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean startsWithBrace(Path file) {
    try (var in = Files.newInputStream(file)) {
      int c;
      do {
        c = in.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
      return c == '{';
    } catch (IOException e) {
      return false;
    }
  }
}
