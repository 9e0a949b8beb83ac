package dev.mlops.gateway.prediction.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.mlops.gateway.prediction.PredictionService;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes {@code {"predictions": [...], "model": {...}}} straight to bytes, no object mapping. */
final class AnswerJson {

  private static final JsonFactory JSON = new JsonFactory();

  private AnswerJson() {}

  static byte[] write(PredictionService.Answer answer) {
    Object[] values = answer.predictions().values();
    ByteArrayBuilder out = new ByteArrayBuilder(64 + values.length * 24);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("predictions");
      for (Object v : values) {
        if (v instanceof Double d) {
          g.writeNumber(d);
        } else if (v instanceof double[] many) {
          g.writeArray(many, 0, many.length);
        } else {
          g.writeString(String.valueOf(v));
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("model");
      if (answer.route().target().modelVersion() != null) {
        g.writeStringField("version", answer.route().target().modelVersion());
      }
      g.writeStringField("variant", answer.route().variant().label());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
