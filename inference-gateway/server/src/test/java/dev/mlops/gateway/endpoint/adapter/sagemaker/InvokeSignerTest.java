package dev.mlops.gateway.endpoint.adapter.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Our SigV4 for InvokeEndpoint against the SDK's own signer: for the same request, credentials and
 * clock, both must write the same headers, Authorization to the last hex digit.
 */
class InvokeSignerTest {

  @ParameterizedTest(name = "{0} {1} session={2} at {3}")
  @CsvSource({
    "http://127.0.0.1:4566, mlops-prod-v1, false, 2026-01-01T00:00:00Z",
    "https://runtime.sagemaker.eu-west-1.amazonaws.com, mlops prod-v1, false, 2026-11-26T23:59:59Z",
    "https://runtime.sagemaker.cn-north-1.amazonaws.com.cn, ep, true, 2027-02-28T08:05:09Z",
    "http://localhost:8080, a.b_c~d*e, true, 2026-06-30T12:00:00Z"
  })
  void writesTheSameHeadersAsTheSdksSigner(
      String base, String endpoint, boolean session, String at) {
    URI uri = URI.create(base);
    Clock clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
    AwsCredentials credentials =
        session
            ? AwsSessionCredentials.create("ASIATEST", "secret/with+chars", "token==/x")
            : AwsBasicCredentials.create("AKIDTEST", "secret");
    String path = SignedModelEndpoint.invocationsPath(endpoint);
    byte[] body = "1.5,2,,abc\n3,4,5,x y\n".getBytes(StandardCharsets.UTF_8);
    String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();

    Map<String, String> ours =
        new InvokeSigner("eu-west-1", "sagemaker", host, clock).sign(path, body, credentials);

    SdkHttpFullRequest unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .encodedPath(path)
            .putHeader("Content-Type", "text/csv")
            .putHeader("Accept", "text/csv")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    Map<String, List<String>> sdk =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
            .request()
            .headers();

    Map<String, String> expected = new TreeMap<>();
    sdk.forEach(
        (name, values) -> expected.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    Map<String, String> actual = new TreeMap<>();
    ours.forEach((name, value) -> actual.put(name.toLowerCase(Locale.ROOT), value));
    assertThat(actual).isEqualTo(expected);
    assertThat(ours.get("Authorization")).contains("Signature=");
  }
}
