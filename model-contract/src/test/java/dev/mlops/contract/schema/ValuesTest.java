package dev.mlops.contract.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers read the one way every component agrees on: as Java reads them, less its extras. */
class ValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "+0",
        "0.0",
        "1",
        "-1",
        "1.",
        ".5",
        "-.5",
        "0.531470",
        "-0.751268",
        "30.5",
        "8.3252",
        "123456789012345",
        "1234567890123456",
        "12345678901234567890",
        "0.1",
        "0.2",
        "0.30000000000000004",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        "2.5e-3",
        "9007199254740993",
        "4.9e-324",
        "1.7976931348623157e308",
        "1e22",
        "1e23",
        "1e-22",
        "1e-23",
        "123e-20",
        "0.000001234",
        "00012.50",
        "1e999",
        "-1e-999",
        "7e0",
        "0e0"
      })
  void parsesAsJavaDoes(String text) {
    Double v;
    try {
      v = Values.parseFinite(text);
    } catch (Values.NonFiniteException e) {
      assertThat(Double.parseDouble(text)).isInfinite();
      return;
    }
    assertThat(v).isNotNull();
    assertThat(Double.doubleToRawLongBits(v))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Test
  void randomDecimalsParseAsJavaParsesThem() {
    // plain decimals, which Decimals reads itself, and some it leaves to the JDK (too many digits,
    // too large an exponent, white space around)
    Random r = new Random(5);
    int readByDecimals = 0;
    for (int i = 0; i < 300_000; i++) {
      String s =
          switch (i % 6) {
            case 0 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 1 -> Long.toString(r.nextLong() % 100_000_000_000L);
            case 2 -> String.format(Locale.ROOT, "%." + r.nextInt(12) + "f", r.nextDouble() * 1e6);
            case 3 -> r.nextInt(100_000) + "." + r.nextInt(100_000) + "e" + (r.nextInt(60) - 30);
            case 4 -> Float.toString((float) (r.nextGaussian() * 1000));
            default -> " " + (r.nextInt(2000) - 1000) / 8.0 + " ";
          };
      long java = Double.doubleToRawLongBits(Double.parseDouble(s));
      assertThat(Double.doubleToRawLongBits(Values.parseFinite(s))).as("'%s'", s).isEqualTo(java);
      double fast = Decimals.read(s.toCharArray(), 0, s.length());
      if (fast == fast) {
        readByDecimals++;
        assertThat(Double.doubleToRawLongBits(fast)).as("Decimals '%s'", s).isEqualTo(java);
      }
    }
    // most of them: the plain decimals of cases 1-4
    assertThat(readByDecimals).isGreaterThan(150_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.2.3", "1e", "1e+", "--1", "1d", "1f", "0x1p3", ".", "-", "1 2"})
  void notANumberIsNull(String text) {
    assertThat(Values.parseFinite(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf", "+inf"})
  void nonFiniteWordsAreRefused(String text) {
    assertThatThrownBy(() -> Values.parseFinite(text))
        .isInstanceOf(Values.NonFiniteException.class);
  }
}
