package io.vigia.generate;

/** Static vocabularies: LLM models with their public list prices, action types, services, regions. */
final class Catalog {
  private Catalog() {}

  /**
   * An LLM model as the platform calls it. Prices are public list prices in USD per million tokens
   * (input, cached input, output) as published by each provider for these models; the generator uses
   * them only for the caller-reported cost_usd on some calls and for the approximate spend in the
   * manifest. A negative price means the model is unknown to every catalog (never priced).
   */
  record LlmModel(
      String provider,
      String requestModel,
      String responseModel,
      String operation,
      double inputPerM,
      double cachedPerM,
      double outputPerM,
      double medianLatencyMs,
      double msPerOutputToken) {
    boolean embeddings() {
      return "embeddings".equals(operation);
    }

    boolean priced() {
      return inputPerM >= 0;
    }

    double cost(long input, long cached, long output) {
      return ((input - cached) * inputPerM + cached * cachedPerM + output * outputPerM)
          / 1_000_000.0;
    }
  }

  static final LlmModel[] LLM_MODELS = {
    new LlmModel("openai", "gpt-4o", "gpt-4o-2024-08-06", "chat", 2.50, 1.25, 10.00, 450, 18),
    new LlmModel(
        "openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", "chat", 0.15, 0.075, 0.60, 350, 9),
    new LlmModel(
        "anthropic",
        "claude-sonnet-4",
        "claude-sonnet-4-20250514",
        "chat",
        3.00,
        0.30,
        15.00,
        600,
        20),
    new LlmModel(
        "anthropic",
        "claude-3-5-haiku",
        "claude-3-5-haiku-20241022",
        "chat",
        0.80,
        0.08,
        4.00,
        380,
        10),
    new LlmModel(
        "aws.bedrock",
        "amazon.titan-embed-text-v2",
        "amazon.titan-embed-text-v2:0",
        "embeddings",
        0.02,
        0.02,
        0,
        90,
        0),
    new LlmModel("acme", "acme-llm-7b", "acme-llm-7b-instruct", "chat", -1, -1, -1, 700, 25),
  };

  static final double[] LLM_WEIGHTS = Rng.cumulative(18, 32, 14, 16, 15, 5);
  static final double[] LLM_WEIGHTS_HEAVY = Rng.cumulative(45, 8, 37, 4, 6, 0);

  static final String[] USE_CASES = {
    "ticket_summary",
    "customer_reply",
    "ticket_classification",
    "document_extraction",
    "forecast_explanation",
    "review_analysis"
  };

  static final String[] ACTION_TYPES = {
    "send_email",
    "create_ticket",
    "reorder_stock",
    "apply_discount",
    "escalate_ticket",
    "update_crm",
    "schedule_callback"
  };
  static final double[] ACTION_WEIGHTS = Rng.cumulative(25, 20, 15, 10, 10, 12, 8);

  static final String[] SERVICES = {
    "prediction-api", "llm-gateway", "vector-store", "action-worker", "feature-store"
  };
  static final double[] SERVICE_MEMORY_MB = {1536, 1024, 4096, 768, 2048};

  static final String[] CACHE_TYPES = {"llm_exact", "llm_semantic", "vector_search", "api_response"
  };
  static final double[] CACHE_TYPE_WEIGHTS = Rng.cumulative(30, 25, 25, 20);
  static final double[] CACHE_HIT_RATE = {0.22, 0.35, 0.55, 0.60};

  static final String[] REGIONS = {"norte", "sur", "este", "oeste", "centro"};
  static final double[] REGION_P = {0.24, 0.20, 0.16, 0.14, 0.26};

  static final String[] PLANS = {"basic", "standard", "premium", "enterprise"};
  static final double[] PLAN_P = {0.40, 0.35, 0.20, 0.05};
  static final double[] PLAN_SPEND = {15, 35, 70, 250};
  static final double[] PLAN_EFFECT = {0.6, 0.1, -0.4, -1.0};

  static final String[] CHANNELS = {"email", "chat", "phone", "web", "whatsapp"};
  static final double[] CHANNEL_P = {0.30, 0.25, 0.15, 0.20, 0.10};
  static final String[] TICKET_CLASSES = {"billing", "technical", "sales", "account", "shipping"};
  static final double[] TICKET_CLASS_P = Rng.cumulative(0.25, 0.30, 0.15, 0.15, 0.15);

  static final String[] DAYS_OF_WEEK = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static final double[] DOW_FACTOR = {0.90, 0.88, 0.92, 0.97, 1.12, 1.30, 0.91};

  static final String[] PURPOSES = {
    "customer_support", "fraud_investigation", "analytics", "gdpr_request", "marketing", "billing"
  };
  static final String[] LEGAL_BASES = {
    "consent", "contract", "legitimate_interest", "legal_obligation"
  };
  static final String[][] PERSONAL_FIELDS = {
    {"email"},
    {"email", "phone"},
    {"name", "address"},
    {"phone"},
    {"national_id"},
    {"email", "payment_card"},
    {"name", "email", "phone", "address"}
  };
  static final String[] SPECIAL_FIELDS = {"health_data", "biometric_data", "religious_beliefs"};
  static final String[] STAFF = {
    "ana.garcia",
    "luis.martin",
    "carla.souza",
    "diego.rojas",
    "maria.lopez",
    "john.miller",
    "sofia.diaz",
    "pablo.fernandez"
  };
  static final String[] SYSTEMS = {
    "etl-nightly", "crm-sync", "billing-export", "fraud-scorer", "backup-job"
  };

  /** Re-weights one category: (1 - shift) * p + shift * onehot(target). */
  static double[] shiftMix(double[] p, int target, double shift) {
    double[] c = new double[p.length];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += (1 - shift) * p[i] + (i == target ? shift : 0);
      c[i] = s;
    }
    return c;
  }
}
