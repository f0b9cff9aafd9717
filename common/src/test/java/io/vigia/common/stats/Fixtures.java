package io.vigia.common.stats;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The scipy-generated fixture document, parsed once with Jackson (Python's NaN / Infinity tokens allowed). */
final class Fixtures {
    private static Map<String, Object> doc;

    private Fixtures() {
    }

    static synchronized Map<String, Object> doc() {
        if (doc == null) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/drift_fixtures.json")) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource /fixtures/drift_fixtures.json");
                }
                doc = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(DeserializationFeature.USE_LONG_FOR_INTS).build()
                    .readValue(in, new TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return doc;
    }
}
