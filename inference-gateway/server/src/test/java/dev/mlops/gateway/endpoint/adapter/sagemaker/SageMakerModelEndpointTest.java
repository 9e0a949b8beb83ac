package dev.mlops.gateway.endpoint.adapter.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.gateway.endpoint.EndpointFailure;
import dev.mlops.gateway.endpoint.EndpointFailure.Kind;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** How SDK failures are sorted; the real calls are covered by the tests against local-aws. */
class SageMakerModelEndpointTest {

  static Kind kind(RuntimeException e) {
    return SageMakerModelEndpoint.classify("ep", e).kind();
  }

  @Test
  void sortsFailuresByWhoseFaultTheyAre() {
    EndpointFailure model =
        SageMakerModelEndpoint.classify(
            "ep",
            ModelErrorException.builder()
                .originalStatusCode(400)
                .originalMessage("{\"detail\":\"row 1: bad\"}")
                .message("Received client error (400) from primary")
                .build());
    assertThat(model.kind()).isEqualTo(Kind.MODEL);
    assertThat(model.getMessage())
        .isEqualTo("the model answered HTTP 400: {\"detail\":\"row 1: bad\"}");

    assertThat(
            kind(
                SageMakerRuntimeException.builder()
                    .statusCode(400)
                    .awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("ThrottlingException").build())
                    .build()))
        .isEqualTo(Kind.THROTTLED);
    assertThat(
            SageMakerModelEndpoint.classify(
                    "ep",
                    ValidationErrorException.builder()
                        .statusCode(400)
                        .awsErrorDetails(
                            AwsErrorDetails.builder()
                                .errorCode("ValidationError")
                                .errorMessage("Endpoint ep of account 000000000000 not found.")
                                .build())
                        .build())
                .getMessage())
        .contains("not found");
    assertThat(kind(ServiceUnavailableException.builder().statusCode(503).build()))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(kind(ApiCallTimeoutException.create(5000))).isEqualTo(Kind.TIMEOUT);
    assertThat(
            kind(SdkClientException.create("read", new SocketTimeoutException("Read timed out"))))
        .isEqualTo(Kind.TIMEOUT);
    assertThat(
            kind(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
        .isEqualTo(Kind.UNAVAILABLE);
  }
}
