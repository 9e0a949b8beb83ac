package dev.mlops.drift.window;

/** Windows tumble separately for every endpoint and the model version it serves. */
public record WindowKey(String endpoint, String modelVersion) {}
