package dev.mlops.contract.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.contract.csv.CsvTable;
import dev.mlops.contract.schema.DatasetSchema;
import dev.mlops.contract.schema.Feature;
import dev.mlops.contract.schema.ProblemType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

  private final DatasetSchema schema =
      new DatasetSchema(
          "t",
          ProblemType.REGRESSION,
          "y",
          null,
          null,
          null,
          List.of(Feature.categorical("city"), Feature.numeric("x")),
          null);
  private final FeatureEncoding encoding =
      FeatureEncoding.learn(schema, CsvTable.parse("city,x,y\nb,1,2\na,2,3\nb,3,4\n"));
  private final FeatureEncoder encoder = new FeatureEncoder(encoding, schema.missingValues());

  @Test
  void categoriesAreCodedInSortedOrderAndUnknownLabelsBecomeMissing() {
    assertThat(encoding.features().get(0).categories()).containsExactly("a", "b");
    float[] out = new float[2];
    assertThat(encoder.encodeFields(new String[] {"b", "2.5"}, out, 0, 1)).isZero();
    assertThat(out).containsExactly(1f, 2.5f);
    assertThat(encoder.encodeFields(new String[] {"zzz", "NA"}, out, 0, 1)).isEqualTo(1);
    assertThat(Float.isNaN(out[0])).isTrue();
    assertThat(Float.isNaN(out[1])).isTrue();
  }

  @Test
  void jsonInstancesAreEncodedByName() {
    Map<String, Object> instance = new HashMap<>();
    instance.put("x", 4);
    instance.put("city", "a");
    instance.put("extra", "ignored");
    float[] out = new float[2];
    encoder.encodeInstance(instance, out, 0, 1);
    assertThat(out).containsExactly(0f, 4f);
  }

  @Test
  void badValuesNameTheirRowAndColumn() {
    float[] out = new float[2];
    assertThatThrownBy(() -> encoder.encodeFields(new String[] {"a", "abc"}, out, 0, 7))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("row 7, column 'x': 'abc' is not a number");
    assertThatThrownBy(() -> encoder.encodeFields(new String[] {"a", "Infinity"}, out, 0, 2))
        .hasMessage("row 2, column 'x': 'Infinity' is not a finite number");
    assertThatThrownBy(() -> encoder.encodeFields(new String[] {"a", "1e300"}, out, 0, 2))
        .hasMessage("row 2, column 'x': '1e300' is out of range");
    assertThatThrownBy(() -> encoder.encodeFields(new String[] {"a"}, out, 0, 3))
        .hasMessage("row 3: has 1 values, the model takes 2");
    assertThatThrownBy(() -> encoder.encodeInstance(Map.of("x", true), out, 0, 1))
        .hasMessage("row 1, column 'x': expected a number, got a boolean");
  }
}
