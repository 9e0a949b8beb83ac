package dev.mlops.drift.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.drift.Txhousing;
import dev.mlops.drift.capture.CaptureReader;
import dev.mlops.drift.capture.SchemaLayout;
import dev.mlops.drift.capture.WindowCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the stored form must give back every count and the same distributions. */
class DriftWindowTest {

  @Test
  void theStoredFormRestoresCountsAndSketches() {
    SchemaLayout layout = new SchemaLayout(Txhousing.schema());
    ModelRef model = new ModelRef("e", "v1", "txhousing", "s3://b/s.json", "s3://b/base/");
    DriftWindow w =
        DriftWindow.open("id-1", 7, model, layout, Instant.parse("2024-01-01T00:00:00Z"));
    List<Integer> rows = Txhousing.rowsWhereYear(y -> y >= 2010);
    new CaptureReader()
        .fold(
            Txhousing.captureObject(rows, 0),
            layout,
            new WindowCursor() {
              @Override
              public DriftWindow current() {
                return w;
              }

              @Override
              public void afterRecord() {}
            });
    w.skip(dev.mlops.drift.capture.SkipReason.MALFORMED_LINE);

    String json = w.toState().toJson();
    DriftWindow back = DriftWindow.restore(WindowState.parse(json), 3);

    assertThat(back.id()).isEqualTo("id-1");
    assertThat(back.seq()).isEqualTo(7);
    assertThat(back.revision()).isEqualTo(3);
    assertThat(back.records()).isEqualTo(rows.size());
    assertThat(back.captures()).isEqualTo(rows.size());
    assertThat(back.skippedCounts()).containsEntry("malformed_line", 1L);
    assertThat(back.fits(layout)).isTrue();
    assertThat(back.firstEventTime()).isEqualTo(w.firstEventTime());
    for (int i = 0; i < layout.size(); i++) {
      assertThat(back.feature(i).present()).isEqualTo(w.feature(i).present());
      assertThat(back.feature(i).missing()).isEqualTo(w.feature(i).missing());
      if (layout.isNumeric(i)) {
        // the same distribution within the sketch's rank error
        assertThat(
                dev.mlops.contract.drift.NumericDrift.linf(
                    dev.mlops.contract.drift.Cdf.of(w.feature(i).kll()),
                    dev.mlops.contract.drift.Cdf.of(back.feature(i).kll())))
            .isLessThan(0.03);
      }
    }
    assertThat(back.prediction().present()).isEqualTo(w.prediction().present());
    assertThat(back.isDue(Instant.parse("2024-01-01T00:01:00Z"), Duration.ofMinutes(1))).isTrue();
    assertThat(back.isDue(Instant.parse("2024-01-01T00:00:59Z"), Duration.ofMinutes(1))).isFalse();
  }

  @Test
  void ordersInferenceTimesWithAndWithoutFractions() {
    assertThat(cmp("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.001Z")).isNegative();
    assertThat(cmp("2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00.499Z")).isPositive();
    assertThat(cmp("2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00Z")).isZero();
    assertThat(cmp("2024-05-01T10:00:01Z", "2024-05-01T10:00:00.999Z")).isPositive();
  }

  private static int cmp(String a, String b) {
    return DriftWindow.compare(a.toCharArray(), 0, a.length(), b.toCharArray());
  }

  @Test
  void repeatedValuesSurviveTheStoredFormTwice() {
    // DataSketches' sorted view gives a repeated value's weight to one copy and zero to the others
    dev.mlops.contract.baseline.FeatureSketch s =
        dev.mlops.contract.baseline.FeatureSketch.numeric();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 5000; i++) {
      s.addNumber(r.nextInt(30) / 10.0);
    }
    var once = dev.mlops.contract.baseline.FeatureSketch.fromEntry(DriftWindow.portable(s));
    var twice = dev.mlops.contract.baseline.FeatureSketch.fromEntry(DriftWindow.portable(once));
    assertThat(twice.present()).isEqualTo(5000);
    assertThat(
            dev.mlops.contract.drift.NumericDrift.linf(
                dev.mlops.contract.drift.Cdf.of(s.kll()),
                dev.mlops.contract.drift.Cdf.of(twice.kll())))
        .isLessThan(0.03);
  }
}
