package io.vigia.common.stats;

import java.util.Map;

/** The scipy-generated fixture documents, each parsed once. */
final class Fixtures {
    private static Map<String, Object> doc;
    private static Map<String, Object> ab;

    private Fixtures() {
    }

    /** {@code fixtures/drift_fixtures.json}. */
    static synchronized Map<String, Object> doc() {
        if (doc == null) {
            doc = Json.resource("/fixtures/drift_fixtures.json");
        }
        return doc;
    }

    /** {@code fixtures/ab_fixtures.json} (scipy 1.17, {@code fixtures/make_ab_fixtures.py}). */
    static synchronized Map<String, Object> ab() {
        if (ab == null) {
            ab = Json.resource("/fixtures/ab_fixtures.json");
        }
        return ab;
    }
}
