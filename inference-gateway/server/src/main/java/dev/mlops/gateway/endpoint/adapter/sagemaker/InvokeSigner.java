package dev.mlops.gateway.endpoint.adapter.sagemaker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 for the one request the gateway sends: InvokeEndpoint's POST with CSV in
 * and out. It is the SDK signer's algorithm (SignedModelEndpointTest checks that both write the
 * same headers) without its generality: the canonical request has a fixed shape, and the signing
 * key, four HMACs deep, is derived once per day and credentials instead of on every call. The SDK's
 * signer was the largest single cost of the gateway's InvokeEndpoint call.
 */
final class InvokeSigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();

  /** Per-thread digests: creating them costs more than using them. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      perThread(() -> MessageDigest.getInstance("SHA-256"));

  private static final ThreadLocal<Mac> HMAC = perThread(() -> Mac.getInstance("HmacSHA256"));

  /** An algorithm every JDK has. */
  private interface Algorithm<T> {
    T create() throws GeneralSecurityException;
  }

  private static <T> ThreadLocal<T> perThread(Algorithm<T> algorithm) {
    return ThreadLocal.withInitial(
        () -> {
          try {
            return algorithm.create();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private final String region;
  private final String service;
  private final String host;
  private final Clock clock;
  private volatile SigningKey key;

  /** The derived key of one day and one secret. */
  private record SigningKey(String date, String secret, SecretKeySpec spec) {}

  /**
   * @param host the Host header as sent: the host, and {@code :port} when it is not the scheme's
   */
  InvokeSigner(String region, String service, String host, Clock clock) {
    this.region = region;
    this.service = service;
    this.host = host;
    this.clock = clock;
  }

  /**
   * The headers of a signed CSV POST to {@code encodedPath} (already URI-encoded once, as sent), in
   * the order they are signed: Accept, Content-Length, Content-Type, Host, X-Amz-Date, the session
   * token when there is one, and Authorization.
   */
  Map<String, String> sign(String encodedPath, byte[] body, AwsCredentialsIdentity credentials) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
    String date = formatDate(now);
    String amzDate =
        date + 'T' + two(now.getHour()) + two(now.getMinute()) + two(now.getSecond()) + 'Z';
    String token =
        credentials instanceof AwsSessionCredentialsIdentity session
            ? session.sessionToken()
            : null;
    String length = Integer.toString(body.length);
    String payloadHash = sha256Hex(body);

    StringBuilder canonical = new StringBuilder(256);
    canonical
        .append("POST\n")
        .append(canonicalPath(encodedPath))
        .append("\n\n")
        .append("accept:text/csv\n")
        .append("content-length:")
        .append(length)
        .append('\n')
        .append("content-type:text/csv\n")
        .append("host:")
        .append(host)
        .append('\n')
        .append("x-amz-content-sha256:")
        .append(payloadHash)
        .append('\n')
        .append("x-amz-date:")
        .append(amzDate)
        .append('\n');
    if (token != null) {
      canonical.append("x-amz-security-token:").append(token).append('\n');
    }
    String signedHeaders =
        token != null
            ? "accept;content-length;content-type;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-security-token"
            : "accept;content-length;content-type;host;x-amz-content-sha256;x-amz-date";
    canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);

    String scope = date + '/' + region + '/' + service + "/aws4_request";
    String toSign =
        ALGORITHM
            + '\n'
            + amzDate
            + '\n'
            + scope
            + '\n'
            + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    String signature =
        HEX.formatHex(hmac(signingKey(date, credentials.secretAccessKey()).spec(), toSign));

    Map<String, String> headers = new LinkedHashMap<>(8);
    headers.put("Accept", "text/csv");
    headers.put("Content-Length", length);
    headers.put("Content-Type", "text/csv");
    headers.put("Host", host);
    headers.put("X-Amz-Content-Sha256", payloadHash);
    headers.put("X-Amz-Date", amzDate);
    if (token != null) {
      headers.put("X-Amz-Security-Token", token);
    }
    headers.put(
        "Authorization",
        ALGORITHM
            + " Credential="
            + credentials.accessKeyId()
            + '/'
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return headers;
  }

  private SigningKey signingKey(String date, String secret) {
    SigningKey k = key;
    if (k != null && k.date().equals(date) && k.secret().equals(secret)) {
      return k;
    }
    byte[] kDate =
        hmac(
            new SecretKeySpec(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
            date);
    byte[] kRegion = hmac(new SecretKeySpec(kDate, "HmacSHA256"), region);
    byte[] kService = hmac(new SecretKeySpec(kRegion, "HmacSHA256"), service);
    byte[] kSigning = hmac(new SecretKeySpec(kService, "HmacSHA256"), "aws4_request");
    k = new SigningKey(date, secret, new SecretKeySpec(kSigning, "HmacSHA256"));
    key = k;
    return k;
  }

  /**
   * Services other than S3 sign the path URI-encoded twice: the path as sent is encoded once more,
   * every character but the unreserved ones and {@code /} (e.g. {@code %20} becomes {@code %2520}).
   */
  static String canonicalPath(String encodedPath) {
    StringBuilder b = null;
    for (int i = 0; i < encodedPath.length(); i++) {
      char c = encodedPath.charAt(i);
      boolean keep =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '~'
              || c == '/';
      if (!keep && b == null) {
        b = new StringBuilder(encodedPath.length() + 16).append(encodedPath, 0, i);
      }
      if (b != null) {
        if (keep) {
          b.append(c);
        } else {
          for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(HEX_UPPER.toHexDigits(x));
          }
        }
      }
    }
    return b == null ? encodedPath : b.toString();
  }

  private static String formatDate(ZonedDateTime t) {
    return Integer.toString(t.getYear()) + two(t.getMonthValue()) + two(t.getDayOfMonth());
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private static String sha256Hex(byte[] bytes) {
    MessageDigest d = SHA256.get();
    d.reset();
    return HEX.formatHex(d.digest(bytes));
  }

  private static byte[] hmac(SecretKeySpec key, String data) {
    Mac mac = HMAC.get();
    try {
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }
}
