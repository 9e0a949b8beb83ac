package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading required members of a request, failing as SageMaker does when one is missing. */
final class Requests {

  private Requests() {}

  /**
   * @param member the name SageMaker's validation message uses (camel case path)
   */
  static String text(JsonNode node, String field, String member) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
      throw SageMakerException.missing(member);
    }
    return v.asText();
  }

  static JsonNode object(JsonNode node, String field, String member) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || !v.isObject()) {
      throw SageMakerException.missing(member);
    }
    return v;
  }

  static JsonNode array(JsonNode node, String field, String member) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || !v.isArray() || v.isEmpty()) {
      throw SageMakerException.missing(member);
    }
    return v;
  }
}
