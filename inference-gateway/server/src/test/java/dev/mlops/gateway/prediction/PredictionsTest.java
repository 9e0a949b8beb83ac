package dev.mlops.gateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.gateway.problem.ModelFailedException;
import org.junit.jupiter.api.Test;

class PredictionsTest {

  @Test
  void readsNumbersLabelsAndVectors() {
    Predictions p = Predictions.parse("1.5\n-2.0E-4\r\n\"b,c\"\nlabel\n0.1,0.9\n", 5);
    assertThat(p.values()[0]).isEqualTo(1.5);
    assertThat(p.values()[1]).isEqualTo(-2.0e-4);
    assertThat(p.values()[2]).isEqualTo("b,c");
    assertThat(p.values()[3]).isEqualTo("label");
    assertThat((double[]) p.values()[4]).containsExactly(0.1, 0.9);
    assertThat(p.numbers()[0]).isEqualTo(1.5);
    assertThat(p.numbers()[2]).isNaN();
  }

  @Test
  void aMissingOrExtraPredictionIsTheModelsFault() {
    assertThatThrownBy(() -> Predictions.parse("1\n2\n", 3))
        .isInstanceOf(ModelFailedException.class)
        .hasMessageContaining("2 predictions for 3 instances");
    assertThatThrownBy(() -> Predictions.parse("1\n2\n3\n", 2))
        .isInstanceOf(ModelFailedException.class)
        .hasMessageContaining("3 predictions for 2 instances");
    assertThatThrownBy(() -> Predictions.parse("NaN\n", 1))
        .isInstanceOf(ModelFailedException.class);
  }
}
