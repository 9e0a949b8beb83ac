package dev.mlops.drift.catalog;

import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.window.ModelRef;

/** The model an endpoint serves, with its schema compiled for folding. */
public record ServedModel(ModelRef ref, SchemaLayout layout) {}
