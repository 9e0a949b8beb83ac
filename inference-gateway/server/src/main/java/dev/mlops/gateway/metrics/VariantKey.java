package dev.mlops.gateway.metrics;

import dev.mlops.gateway.routing.Variant;

/** What metrics are kept apart by: the variant, its endpoint and the model version it serves. */
public record VariantKey(Variant variant, String endpoint, String modelVersion) {}
