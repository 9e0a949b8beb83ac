package dev.mlops.drift.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.contract.schema.Values;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the parser is pure; every case is checked against the contract's own parser. */
class FastNumbersTest {

  private static double reference(String s) {
    try {
      Double v = Values.parseFinite(s);
      return v == null ? Double.NaN : v;
    } catch (Values.NonFiniteException e) {
      return Double.NaN;
    }
  }

  private static double fast(String s) {
    char[] c = s.toCharArray();
    return FastNumbers.parse(c, 0, c.length);
  }

  @Test
  void agreesWithTheContractOnEdgeCases() {
    for (String s :
        List.of(
            "0",
            "-0",
            "+5",
            "1.",
            ".5",
            "-.5",
            "6.3",
            "5380000",
            "2000.08333333333",
            "1e5",
            "1E-3",
            "1.5e+3",
            "1e",
            "1e+",
            "e5",
            ".",
            "-",
            "+",
            "",
            "abc",
            "12a",
            "0x10",
            "NaN",
            "-Infinity",
            "inf",
            "1d",
            "1f",
            "123456789012345678901234567890",
            "1e400",
            "-1e-400",
            "0.1234567890123456789",
            "9007199254740993",
            "4.9e-324",
            "1.7976931348623157e308",
            "00012.500",
            "1..2",
            "1.2.3",
            "--1")) {
      double expected = reference(s);
      double actual = fast(s);
      if (Double.isNaN(expected)) {
        assertThat(actual).as("'%s'", s).isNaN();
      } else {
        assertThat(Double.doubleToLongBits(actual))
            .as("'%s'", s)
            .isEqualTo(Double.doubleToLongBits(expected));
      }
    }
  }

  @Test
  void agreesWithJavaOnRandomDecimals() {
    Random r = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      String s =
          switch (i % 4) {
            case 0 -> Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(12) - 4));
            case 1 -> Long.toString(r.nextLong() % 100_000_000L);
            case 2 ->
                String.format(
                    java.util.Locale.ROOT, "%." + r.nextInt(8) + "f", r.nextDouble() * 1e6);
            default -> r.nextInt(1000) + "." + r.nextInt(1000) + "e" + (r.nextInt(40) - 20);
          };
      // through the char[] entry point the fold uses (ValuesTest checks Decimals on Strings)
      assertThat(Double.doubleToLongBits(fast(s)))
          .as("'%s'", s)
          .isEqualTo(Double.doubleToLongBits(Double.parseDouble(s)));
    }
  }
}
