package dev.mlops.gateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.contract.encoding.FeatureEncoding;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.FeatureType;
import dev.mlops.contract.schema.ProblemType;
import dev.mlops.gateway.problem.InputError;
import dev.mlops.gateway.problem.InvalidInstancesException;
import dev.mlops.gateway.problem.MalformedRequestException;
import dev.mlops.gateway.problem.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request checker alone: not a @QuarkusTest because it has no framework in it. */
class InstanceSchemaTest {

  static final DatasetSchema SCHEMA =
      new DatasetSchema(
          "txhousing",
          ProblemType.REGRESSION,
          "median",
          "date",
          null,
          null,
          List.of(
              Feature.categorical("city"),
              Feature.numeric("year"),
              new Feature("month", FeatureType.NUMERIC, 1.0, 12.0, null),
              Feature.numeric("sales"),
              new Feature(
                  "kind", FeatureType.CATEGORICAL, null, null, List.of("a", "b,c", "d\"e"))),
          null);

  static final FeatureEncoding ENCODING =
      new FeatureEncoding(
          List.of(
              new FeatureEncoding.EncodedFeature(
                  "city", FeatureType.CATEGORICAL, List.of("Austin", "Dallas")),
              new FeatureEncoding.EncodedFeature("year", FeatureType.NUMERIC, null),
              new FeatureEncoding.EncodedFeature("month", FeatureType.NUMERIC, null),
              new FeatureEncoding.EncodedFeature("sales", FeatureType.NUMERIC, null),
              new FeatureEncoding.EncodedFeature(
                  "kind", FeatureType.CATEGORICAL, List.of("a", "b,c", "d\"e"))),
          null,
          null);

  static final InstanceSchema.Rules STRICT = new InstanceSchema.Rules(true, true, 256, 100, 200);

  final InstanceSchema strict = InstanceSchema.compile(SCHEMA, ENCODING, STRICT);

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<InputError> errors(InstanceSchema schema, String body) {
    try {
      schema.read(json(body));
    } catch (InvalidInstancesException e) {
      return e.errors();
    }
    throw new AssertionError("expected 422 for " + body);
  }

  @Test
  void writesRowsInSchemaOrderWhateverTheKeyOrder() {
    InstanceSchema.Batch b =
        strict.read(
            json(
                """
                {"instances": [
                  {"sales": 3000, "kind": "a", "month": 6, "year": 2014, "city": "Austin"},
                  {"city": "Dallas", "year": 2015.0, "month": 1, "sales": -1.5e3, "kind": "b,c"},
                  {"city": " Dallas ", "year": 2015, "month": 12, "sales": 0, "kind": "d\\"e"}
                ]}
                """));
    assertThat(b.instances()).isEqualTo(3);
    assertThat(b.csv())
        .isEqualTo(
            "Austin,2014,6,3000,a\nDallas,2015.0,1,-1.5e3,\"b,c\"\n Dallas ,2015,12,0,\"d\"\"e\"");
  }

  @Test
  void listsEveryOffendingInstanceAndField() {
    List<InputError> e =
        errors(
            strict,
            """
            {"instances": [
              {"city": "Austin", "year": "2014", "month": 13, "sales": NaN, "kind": "a"},
              {"city": "Houston", "year": 2014, "month": 1, "sales": 1e39, "kind": "z"},
              {"city": "Austin", "year": true, "month": [1], "sales": {"a": 1}, "kind": "a", "extra": 1},
              {"city": "Austin"},
              7
            ]}
            """);
    assertThat(e)
        .extracting(InputError::instance, InputError::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, "year"),
            org.assertj.core.groups.Tuple.tuple(0, "month"),
            org.assertj.core.groups.Tuple.tuple(0, "sales"),
            org.assertj.core.groups.Tuple.tuple(1, "city"),
            org.assertj.core.groups.Tuple.tuple(1, "sales"),
            org.assertj.core.groups.Tuple.tuple(1, "kind"),
            org.assertj.core.groups.Tuple.tuple(2, "year"),
            org.assertj.core.groups.Tuple.tuple(2, "month"),
            org.assertj.core.groups.Tuple.tuple(2, "sales"),
            org.assertj.core.groups.Tuple.tuple(2, "extra"),
            org.assertj.core.groups.Tuple.tuple(3, "year"),
            org.assertj.core.groups.Tuple.tuple(3, "month"),
            org.assertj.core.groups.Tuple.tuple(3, "sales"),
            org.assertj.core.groups.Tuple.tuple(3, "kind"),
            org.assertj.core.groups.Tuple.tuple(4, null));
    assertThat(e.get(0).reason()).contains("expected a number, got the string \"2014\"");
    assertThat(e.get(1).reason()).contains("outside the accepted range [1.0, 12.0]");
    assertThat(e.get(2).reason()).contains("not a finite number (NaN)");
    assertThat(e.get(3).reason())
        .contains("'Houston' is not a known category (known: Austin, Dallas)");
    assertThat(e.get(4).reason()).contains("out of range");
    assertThat(e.get(9).reason()).isEqualTo("is not a feature of this model");
    assertThat(e.get(10).reason()).isEqualTo("is required");
    assertThat(e.get(14).reason()).contains("must be an object");
  }

  @Test
  void nonFiniteAndHugeNumbersAreRefusedPerField() {
    for (String v :
        List.of("NaN", "Infinity", "-Infinity", "1e309", "-3.5e38", "1" + "0".repeat(60))) {
      List<InputError> e =
          errors(
              strict,
              "{\"instances\":[{\"city\":\"Austin\",\"year\":2000,\"month\":1,\"sales\":"
                  + v
                  + ",\"kind\":\"a\"}]}");
      assertThat(e).as(v).singleElement().extracting(InputError::field).isEqualTo("sales");
    }
  }

  @Test
  void missingValuesAreAcceptedOnlyWhenConfigured() {
    String body =
        "{\"instances\":[{\"city\":\"NA\",\"year\":null,\"month\":\"\",\"sales\":1,\"kind\":\"a\"}]}";
    assertThat(errors(strict, body))
        .extracting(InputError::field)
        .containsExactly("city", "year", "month");
    InstanceSchema lenient =
        InstanceSchema.compile(
            SCHEMA, ENCODING, new InstanceSchema.Rules(false, false, 256, 100, 200));
    assertThat(lenient.read(json(body)).csv()).isEqualTo(",,,1,a");
    assertThat(lenient.read(json("{\"instances\":[{\"sales\":2,\"other\":[1,{\"x\":2}]}]}")).csv())
        .isEqualTo(",,,2,");
  }

  @Test
  void categoriesAreOpenWithoutEncodingOrSchemaList() {
    InstanceSchema open = InstanceSchema.compile(SCHEMA, null, STRICT);
    assertThat(
            open.read(
                    json(
                        "{\"instances\":[{\"city\":\"Nowhere, TX\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"a\"}]}"))
                .csv())
        .isEqualTo("\"Nowhere, TX\",1,1,1,a");
    assertThat(
            errors(
                open,
                "{\"instances\":[{\"city\":\"x\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"zz\"}]}"))
        .extracting(InputError::field)
        .containsExactly("kind");
  }

  @Test
  void oddLabelsAreRefused() {
    for (String label : List.of("a\\nb", "\\u0000", "\\ud800", "\\udc00x", "tab\\there")) {
      InstanceSchema open = InstanceSchema.compile(SCHEMA, null, STRICT);
      List<InputError> e =
          errors(
              open,
              "{\"instances\":[{\"city\":\""
                  + label
                  + "\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"a\"}]}");
      assertThat(e).as(label).singleElement().extracting(InputError::field).isEqualTo("city");
    }
    InstanceSchema open = InstanceSchema.compile(SCHEMA, null, STRICT);
    assertThat(
            open.read(
                    json(
                        "{\"instances\":[{\"city\":\"Zürich 😀\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"a\"}]}"))
                .csv())
        .startsWith("Zürich 😀,");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(
            errors(
                strict,
                "{\"instances\":[{\"city\":\"Austin\",\"city\":\"Dallas\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"a\"}]}"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("is given twice"));
    assertThatThrownBy(() -> strict.read(json("{\"instances\":[],\"instances\":[]}")))
        .isInstanceOf(MalformedRequestException.class);
  }

  @Test
  void malformedBodiesAre400() {
    for (String body :
        List.of(
            "",
            " ",
            "null",
            "[]",
            "{",
            "{\"instances\":",
            "{\"instances\":{}}",
            "{\"instances\":[{\"city\":}]}",
            "{\"instances\":[]} trailing",
            "{\"instances\":[]}{}",
            "{\"other\":1}",
            "{}",
            "{'instances':[]}",
            "{\"instances\":[{\"sales\":01}]}",
            "{\"instances\":[{\"sales\":1.}]}",
            "{\"instances\":[{\"sales\":+1}]}",
            "{\"instances\":[" + "[".repeat(5000) + "]".repeat(5000) + "]}",
            "{\"instances\":[{\"sales\":1" + "0".repeat(1000) + "}]}")) {
      assertThatThrownBy(() -> strict.read(json(body)))
          .as(body.length() > 60 ? body.substring(0, 60) : body)
          .isInstanceOf(MalformedRequestException.class);
    }
  }

  @Test
  void emptyAndTooManyInstances() {
    assertThat(errors(strict, "{\"instances\":[]}"))
        .singleElement()
        .extracting(InputError::field)
        .isEqualTo("instances");
    String one = "{\"city\":\"Austin\",\"year\":1,\"month\":1,\"sales\":1,\"kind\":\"a\"}";
    String hundred =
        "{\"instances\":[" + String.join(",", java.util.Collections.nCopies(100, one)) + "]}";
    assertThat(strict.read(json(hundred)).instances()).isEqualTo(100);
    assertThatThrownBy(() -> strict.read(json(hundred.replace("]}", "," + one + "]}"))))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  @Test
  void listsAreCutButCounted() {
    InstanceSchema few =
        InstanceSchema.compile(SCHEMA, ENCODING, new InstanceSchema.Rules(true, true, 256, 100, 3));
    try {
      few.read(json("{\"instances\":[{},{}]}"));
      throw new AssertionError("expected 422");
    } catch (InvalidInstancesException e) {
      assertThat(e.errors()).hasSize(3);
      assertThat(e.errorCount()).isEqualTo(10);
    }
  }

  @Test
  void schemasWithTheSameFeatureOrderShareRows() {
    assertThat(InstanceSchema.compile(SCHEMA, null, STRICT).featureOrder())
        .isEqualTo(strict.featureOrder())
        .isEqualTo("city,year,month,sales,kind");
  }
}
