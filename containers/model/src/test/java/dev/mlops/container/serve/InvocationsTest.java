package dev.mlops.container.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.container.predict.ServingModel;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Request parsing and answers of /invocations on the bare anchor model, without HTTP. */
class InvocationsTest {

  private final Invocations invocations = new Invocations(ServingModel.load(anchorDir()));

  static Path anchorDir() {
    try {
      return Path.of(InvocationsTest.class.getResource("/anchor/model.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void csvRowsInCsvOut() {
    Invocations.Answer a =
        invocations.invoke(
            "text/csv; charset=utf-8", null, utf8("1,2,3,4,5,6,7,8\n0,0,0,0,0,0,0,0\n"));
    assertThat(a.contentType()).isEqualTo("text/csv");
    assertThat(a.rows()).isEqualTo(2);
    assertThat(a.body().split("\n")).hasSize(2);
  }

  @Test
  void jsonInstancesByNameOrPositionAndAcceptChoosesTheAnswerType() {
    Invocations.Answer a =
        invocations.invoke(
            "application/json",
            "text/csv",
            utf8("{\"instances\":[{\"f0\":1,\"f3\":null},[1,2,3,4,5,6,7,8]]}"));
    assertThat(a.contentType()).isEqualTo("text/csv");
    assertThat(a.body().split("\n")).hasSize(2);
    Invocations.Answer j =
        invocations.invoke("text/csv", "application/json", utf8("1,2,3,4,5,6,7,8"));
    assertThat(j.body()).startsWith("{\"predictions\":[").endsWith("]}");
  }

  @Test
  void refusalsCarryStatusRowAndColumn() {
    assertStatus(() -> invocations.invoke("text/plain", null, utf8("1")), 415);
    assertStatus(() -> invocations.invoke(null, null, utf8("1")), 415);
    assertStatus(() -> invocations.invoke("text/csv", "application/xml", utf8("1")), 406);
    assertStatus(() -> invocations.invoke("text/csv", null, new byte[0]), 400);
    assertStatus(() -> invocations.invoke("text/csv", null, utf8("\n\n")), 400);
    assertStatus(() -> invocations.invoke("application/json", null, utf8("{\"instances\":")), 400);
    assertStatus(() -> invocations.invoke("application/json", null, utf8("[1,2]")), 400);
    assertStatus(
        () -> invocations.invoke("application/json", null, utf8("{\"instances\":[]}")), 400);
    assertThatThrownBy(
            () -> invocations.invoke("text/csv", null, utf8("1,2,3,4,5,6,7,8\n1,2,x,4,5,6,7,8")))
        .isInstanceOfSatisfying(
            InvocationException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.row()).isEqualTo(2);
              assertThat(e.column()).isEqualTo("f2");
              assertThat(e.getMessage()).isEqualTo("row 2, column 'f2': 'x' is not a number");
            });
    assertThatThrownBy(() -> invocations.invoke("text/csv", null, utf8("1,2,3,4,5,6,7,NaN")))
        .hasMessage("row 1, column 'f7': 'NaN' is not a finite number");
    assertThatThrownBy(
            () ->
                invocations.invoke(
                    "application/json", null, utf8("{\"instances\":[{\"f1\":\"Infinity\"}]}")))
        .hasMessage("row 1, column 'f1': 'Infinity' is not a finite number");
  }

  private static void assertStatus(Runnable call, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvocationException.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
