package io.vigia.common.privacy;

import io.vigia.common.privacy.PiiDetector.Finding;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces detected personal data per type: MASK (letters and digits become '*', a card keeps its
 * last four digits as PCI DSS allows), REMOVE (the value becomes "[type]") or HASH (a keyed token
 * {@code pii:v1:KID:TAG}). The token is HMAC-SHA-256 (RFC 2104) under a per-tenant key
 * HMAC-SHA-256(secret, "vigia/pii/v1/tenant:" + tenant) over the type and the normalised value
 * (e-mail, names and addresses lower case, identifiers without separators, phones as their digits), truncated to 128 bits
 * and base64url-encoded: the same person gives the same token within a tenant (joins still work),
 * different tenants get unrelated tokens, and without the secret a small ID space (8-digit DNIs)
 * cannot be enumerated. KID = the first 8 hex digits of SHA-256("vigia-kid:" + secret), so tokens
 * made under a rotated secret can be told apart. Record references use the same key; without a
 * secret they fall back to an unkeyed SHA-256 ("ref:nokey:...") of the record's id, which is not
 * personal data. Serializable; each task builds its own Mac instances.
 */
public final class PiiSanitizer implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Method {
    MASK,
    REMOVE,
    HASH;

    public final String wire = name().toLowerCase(java.util.Locale.ROOT);
  }

  private final EnumMap<PiiType, Method> methods;
  private final byte[] secret;
  private final String kid;
  private transient Map<String, Mac> macs;

  /**
   * @param secret the HMAC secret from the environment; may be empty unless some type is hashed
   * @throws IllegalArgumentException naming the setting when a type is hashed and no secret is given
   */
  public PiiSanitizer(Map<PiiType, Method> methods, String secret) {
    this.methods = new EnumMap<>(PiiType.class);
    for (PiiType t : PiiType.values()) {
      this.methods.put(t, methods.getOrDefault(t, Method.MASK));
    }
    boolean hashing = this.methods.containsValue(Method.HASH);
    if (hashing && (secret == null || secret.isBlank())) {
      throw new IllegalArgumentException(
          "vigia.privacy.hash-secret (VIGIA_PRIVACY_HASH_SECRET) is required: "
              + "some PII type is sanitized with method hash");
    }
    this.secret =
        secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.kid = this.secret == null
        ? "nokey"
        : hex(sha256(("vigia-kid:" + secret).getBytes(StandardCharsets.UTF_8))).substring(0, 8);
  }

  public Method methodOf(PiiType t) {
    return methods.get(t);
  }

  public String keyId() {
    return kid;
  }

  /** The text with each finding replaced by its type's method (findings in text order, non-overlapping). */
  public String sanitize(String text, List<Finding> findings, String tenant) {
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16 * findings.size());
    int at = 0;
    for (Finding f : findings) {
      sb.append(text, at, f.start());
      String v = text.substring(f.start(), f.end());
      switch (methods.get(f.type())) {
        case MASK -> mask(sb, v, f.type());
        case REMOVE -> sb.append('[').append(f.type().wire).append(']');
        case HASH -> sb.append(token(tenant, f.type(), v));
      }
      at = f.end();
    }
    return sb.append(text, at, text.length()).toString();
  }

  /** The keyed token of a value: {@code pii:v1:KID:TAG}. */
  public String token(String tenant, PiiType t, String value) {
    if (secret == null) {
      throw new IllegalStateException(
          "no hash secret: vigia.privacy.hash-secret (VIGIA_PRIVACY_HASH_SECRET)");
    }
    return "pii:v1:" + kid + ":"
        + tag(mac(tenant)
            .doFinal((t.wire + ":" + normalize(t, value)).getBytes(StandardCharsets.UTF_8)));
  }

  /** A keyed (or, without a secret, plain) hash reference of a record: never the raw value. */
  public String recordRef(String tenant, String source, String id) {
    byte[] msg = ("record:" + source + ":" + id).getBytes(StandardCharsets.UTF_8);
    if (secret == null) {
      return "ref:nokey:"
          + tag(sha256(("vigia/record-ref/" + tenant + "/").getBytes(StandardCharsets.UTF_8), msg));
    }
    return "ref:" + kid + ":" + tag(mac(tenant).doFinal(msg));
  }

  /** The form two spellings of one value share: e-mail, names and addresses lower case (accents kept, spaces single), identifiers without separators, upper case. */
  public static String normalize(PiiType t, String v) {
    return switch (t) {
      case EMAIL -> v.trim().toLowerCase(java.util.Locale.ROOT);
      case IPV6 -> v.toLowerCase(java.util.Locale.ROOT);
      case IPV4 -> v;
      case PHONE -> v.replaceAll("[^0-9+]", "");
      case PERSON_NAME, ADDRESS ->
        v.trim().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
      default -> PiiDetector.compact(v);
    };
  }

  private static void mask(StringBuilder sb, String v, PiiType t) {
    int keep = 0;
    if (t == PiiType.CREDIT_CARD) {
      keep = 4;
    }
    int digitsSeen = 0;
    int totalDigits = 0;
    for (int i = 0; i < v.length(); i++) {
      if (Character.isDigit(v.charAt(i))) {
        totalDigits++;
      }
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        boolean digit = Character.isDigit(c);
        if (digit) {
          digitsSeen++;
        }
        sb.append(digit && digitsSeen > totalDigits - keep ? c : '*');
      } else {
        sb.append(c);
      }
    }
  }

  private Mac mac(String tenant) {
    if (macs == null) {
      macs = new HashMap<>();
    }
    Mac m = macs.get(tenant);
    if (m == null) {
      try {
        Mac master = Mac.getInstance("HmacSHA256");
        master.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] tenantKey =
            master.doFinal(("vigia/pii/v1/tenant:" + tenant).getBytes(StandardCharsets.UTF_8));
        m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(tenantKey, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      macs.put(tenant, m);
    }
    return m;
  }

  private static String tag(byte[] h) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 16));
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
