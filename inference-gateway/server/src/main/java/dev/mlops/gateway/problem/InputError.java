package dev.mlops.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing wrong with a request: which instance (0-based position in {@code instances}, null when
 * the problem is not in one instance), which field (null for the whole instance), and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputError(
    @JsonProperty("instance") Integer instance,
    @JsonProperty("field") String field,
    @JsonProperty("reason") String reason) {}
