package dev.mlops.container.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.container.job.JobFailure;
import org.junit.jupiter.api.Test;

class PreprocessOptionsTest {

  @Test
  void defaults() {
    PreprocessOptions o = PreprocessOptions.parse(new String[0]);
    assertThat(o).isEqualTo(new PreprocessOptions(null, null, 0.15, 0.15, 42));
  }

  @Test
  void bothOptionForms() {
    PreprocessOptions o =
        PreprocessOptions.parse(
            new String[] {
              "--target",
              "median",
              "--time-column=date",
              "--validation-fraction",
              "0.1",
              "--test-fraction=0.2",
              "--seed",
              "7"
            });
    assertThat(o).isEqualTo(new PreprocessOptions("median", "date", 0.1, 0.2, 7));
  }

  @Test
  void mistakesAreUsageErrors() {
    for (String[] args :
        new String[][] {
          {"--target"},
          {"stray"},
          {"--unknown", "1"},
          {"--test-fraction", "1.5"},
          {"--test-fraction", "half"},
          {"--test-fraction", "0.5", "--validation-fraction", "0.5"},
          {"--seed", "1.5"},
          {"--target", " "}
        }) {
      assertThatThrownBy(() -> PreprocessOptions.parse(args))
          .as(String.join(" ", args))
          .isInstanceOfSatisfying(
              JobFailure.class, e -> assertThat(e.exitCode()).isEqualTo(JobFailure.USAGE));
    }
  }
}
