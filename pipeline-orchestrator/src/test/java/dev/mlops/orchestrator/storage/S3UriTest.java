package dev.mlops.orchestrator.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3UriTest {

  @Test
  void parsesPrefixesAndObjects() {
    S3Uri prefix = S3Uri.parse("s3://mlops-data/datasets/txhousing/");
    assertThat(prefix.isPrefix()).isTrue();
    assertThat(prefix.resolve("schema.json").toString())
        .isEqualTo("s3://mlops-data/datasets/txhousing/schema.json");
    S3Uri object = S3Uri.parse("s3://mlops-data/datasets/txhousing/2015.csv");
    assertThat(object.isPrefix()).isFalse();
    assertThat(object.folder()).isEqualTo(prefix);
    assertThat(object.fileName()).isEqualTo("2015.csv");
    assertThat(S3Uri.parse("s3://bucket").key()).isEmpty();
  }

  @Test
  void refusesWhatIsNotAnS3Uri() {
    assertThatThrownBy(() -> S3Uri.parse("https://example.com/x"))
        .hasMessageContaining("not an S3 URI");
    assertThatThrownBy(() -> S3Uri.parse("s3://Bad_Bucket/x")).hasMessageContaining("bucket");
    assertThatThrownBy(() -> S3Uri.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
