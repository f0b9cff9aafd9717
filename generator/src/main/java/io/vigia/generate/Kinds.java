package io.vigia.generate;

/** The closed vocabularies the generator counts by. */
final class Kinds {
  private Kinds() {}

  enum EventType {
    PREDICTION,
    OUTCOME,
    LLM_CALL,
    VECTOR_OP,
    ACTION,
    RESOURCE_SAMPLE,
    CACHE_OP,
    DATA_ACCESS;

    final String wire = name().toLowerCase();
  }

  /** Kinds of malformed line, each with exactly one defect. */
  enum BadKind {
    BROKEN_JSON,
    MISSING_FIELD,
    WRONG_TYPE,
    NEGATIVE_VALUE,
    BAD_TIMESTAMP,
    NON_FINITE,
    UNKNOWN_EVENT_TYPE;

    final String wire = name().toLowerCase();
  }

  /** Personal data types planted with a valid value. */
  enum PiiType {
    EMAIL,
    PHONE,
    CREDIT_CARD,
    IBAN,
    IPV4,
    IPV6,
    ES_DNI,
    ES_NIE,
    MX_CURP,
    MX_RFC,
    AR_CUIT,
    CL_RUT,
    CO_NIT,
    BR_CPF,
    BR_CNPJ,
    PE_RUC,
    PE_DNI;

    final String wire = name().toLowerCase();
  }

  /** Values that look like personal data but are not: checksum-invalid IDs and common numbers. */
  enum Lookalike {
    CREDIT_CARD,
    IBAN,
    IPV4,
    ES_DNI,
    ES_NIE,
    MX_CURP,
    MX_RFC,
    AR_CUIT,
    CL_RUT,
    CO_NIT,
    BR_CPF,
    BR_CNPJ,
    PE_RUC,
    PE_DNI,
    ORDER_NUMBER,
    UUID,
    TIMESTAMP,
    FLOAT;

    final String wire = name().toLowerCase();
  }

  /** Text fields that may carry personal data. */
  enum TextField {
    PROMPT_TEXT,
    COMPLETION_TEXT,
    PAYLOAD_TEXT,
    FEEDBACK_COMMENT;

    final String wire =
        name().equals("FEEDBACK_COMMENT") ? "user_feedback.comment" : name().toLowerCase();
  }
}
