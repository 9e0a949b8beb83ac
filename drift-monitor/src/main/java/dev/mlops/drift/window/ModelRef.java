package dev.mlops.drift.window;

/**
 * What a window is compared with, taken from the endpoint's manifest when the window opened, so a
 * later manifest change cannot mix two models in one window.
 *
 * @param endpoint the SageMaker endpoint
 * @param modelVersion the registry version it serves
 * @param dataset the dataset a retraining run would train on
 * @param schemaUri S3 URI of the model's schema.json
 * @param baselineUri S3 URI prefix of the model's baseline files
 */
public record ModelRef(
    String endpoint, String modelVersion, String dataset, String schemaUri, String baselineUri) {

  public WindowKey key() {
    return new WindowKey(endpoint, modelVersion);
  }
}
