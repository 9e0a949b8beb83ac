package dev.mlops.gateway.model;

import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.gateway.prediction.InstanceSchema;

/**
 * What the gateway knows about the model behind one endpoint.
 *
 * @param schema the model's dataset schema
 * @param encoding its encoding.json when found next to the schema (closes categorical label sets)
 * @param instances the compiled request checker
 * @param schemaUri where the schema was read
 */
public record DeployedModel(
    DatasetSchema schema, FeatureEncoding encoding, InstanceSchema instances, String schemaUri) {}
