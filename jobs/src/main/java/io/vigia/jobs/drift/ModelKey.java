package io.vigia.jobs.drift;

import java.util.Comparator;

/** One monitored model: tenant x model x model_version (a NULL version is ""). */
record ModelKey(String tenant, String model, String version) implements Comparable<ModelKey> {
  private static final Comparator<ModelKey> ORDER = Comparator.comparing(ModelKey::tenant)
      .thenComparing(ModelKey::model)
      .thenComparing(ModelKey::version);

  /** The tenant x model the data-quality counts are kept for (all versions together). */
  TenantModel tenantModel() {
    return new TenantModel(tenant, model);
  }

  FeatureKey feature(String feature) {
    return new FeatureKey(this, feature);
  }

  @Override
  public int compareTo(ModelKey other) {
    return ORDER.compare(this, other);
  }

  /** A model across its versions. */
  record TenantModel(String tenant, String model) implements Comparable<TenantModel> {
    private static final Comparator<TenantModel> ORDER =
        Comparator.comparing(TenantModel::tenant).thenComparing(TenantModel::model);

    @Override
    public int compareTo(TenantModel other) {
      return ORDER.compare(this, other);
    }
  }

  /** One feature of a model (or {@link DriftTransforms#PREDICTION}, the prediction itself). */
  record FeatureKey(ModelKey model, String feature) {
    /** As {@link SortedFeaturePass#key}, for messages. */
    String describe() {
      return model.tenant() + '/' + model.model() + '/' + model.version() + '/' + feature;
    }
  }
}
