package io.vigia.common.stats;

import java.util.Map;

/** The scipy-generated fixture document, parsed once. */
final class Fixtures {
    private static Map<String, Object> doc;

    private Fixtures() {
    }

    static synchronized Map<String, Object> doc() {
        if (doc == null) {
            doc = Json.resource("/fixtures/drift_fixtures.json");
        }
        return doc;
    }
}
