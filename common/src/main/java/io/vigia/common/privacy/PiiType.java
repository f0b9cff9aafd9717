package io.vigia.common.privacy;

/**
 * The personal-data types the privacy scan detects. {@link #wire} is the name used in settings,
 * in privacy_audit_log.pii_types and in reports; {@link #country} is the ISO 3166 country a national
 * identifier belongs to (null for global types).
 */
public enum PiiType {
  EMAIL(null),
  PHONE(null),
  CREDIT_CARD(null),
  IBAN(null),
  IPV4(null),
  IPV6(null),
  PERSON_NAME(null),
  ADDRESS(null),
  ES_DNI("ES"),
  ES_NIE("ES"),
  ES_CIF("ES"),
  MX_CURP("MX"),
  MX_RFC("MX"),
  AR_CUIT("AR"),
  CL_RUT("CL"),
  CO_NIT("CO"),
  BR_CPF("BR"),
  BR_CNPJ("BR"),
  PE_RUC("PE"),
  PE_DNI("PE");

  public final String wire;
  public final String country;

  PiiType(String country) {
    this.wire = name().toLowerCase(java.util.Locale.ROOT);
    this.country = country;
  }

  /** The type of a wire name; the message lists the known names. */
  public static PiiType ofWire(String w) {
    for (PiiType t : values()) {
      if (t.wire.equals(w)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown PII type '" + w + "'; known: "
        + java.util.Arrays.stream(values()).map(t -> t.wire).toList());
  }

  /** National identifiers (the ones validated by a check digit of a country's scheme). */
  public boolean isNationalId() {
    return country != null;
  }
}
