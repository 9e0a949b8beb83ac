package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The List* actions' common filters (NameContains, StatusEquals), sort and paging. */
final class Listing {

  private Listing() {}

  static List<ObjectNode> filter(
      List<ObjectNode> all, ObjectNode req, String nameField, String statusField) {
    String contains = req.path("NameContains").asText("").toLowerCase(Locale.ROOT);
    String status = req.path("StatusEquals").asText("");
    boolean byName = req.path("SortBy").asText("CreationTime").equals("Name");
    boolean ascending = req.path("SortOrder").asText("Descending").equals("Ascending");
    Comparator<ObjectNode> order =
        byName
            ? Comparator.comparing(d -> d.path(nameField).asText())
            : Comparator.comparingDouble(d -> d.path("CreationTime").asDouble());
    if (!ascending) {
      order = order.reversed();
    }
    return all.stream()
        .filter(d -> d.path(nameField).asText().toLowerCase(Locale.ROOT).contains(contains))
        .filter(d -> status.isEmpty() || d.path(statusField).asText().equals(status))
        .sorted(order)
        .toList();
  }

  /** MaxResults (default 10, as SageMaker) and NextToken (an offset). */
  static ObjectNode page(List<ObjectNode> rows, ObjectNode req, String field) {
    int max = Math.max(1, Math.min(100, req.path("MaxResults").asInt(10)));
    int from = 0;
    try {
      from = Integer.parseInt(req.path("NextToken").asText("0"));
    } catch (NumberFormatException e) {
      throw SageMakerException.validation("Invalid pagination token");
    }
    ObjectNode r = Json.mapper().createObjectNode();
    ArrayNode a = r.putArray(field);
    int to = Math.min(rows.size(), from + max);
    for (int i = from; i < to; i++) {
      a.add(rows.get(i));
    }
    if (to < rows.size()) {
      r.put("NextToken", String.valueOf(to));
    }
    return r;
  }
}
