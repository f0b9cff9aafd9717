package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.privacy.PiiSanitizer.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sanitizing what the detector finds in a line: names and addresses as well as numbers. */
class PiiSanitizerTest {
  private final PiiDetector detector = new PiiDetector(0.5);

  private String sanitize(PiiSanitizer s, String text, String country) {
    return s.sanitize(text, detector.detect(text, country), "t1");
  }

  @Test
  void maskKeepsTheShapeAndTheBusinessNumbers() {
    PiiSanitizer mask = new PiiSanitizer(Map.of(), "");
    assertThat(sanitize(
            mask, "Pedido 612345678: me llamo Ana García López, C/ Mayor 12, tel. 698765432", "ES"))
        .isEqualTo("Pedido 612345678: me llamo *** ****** *****, */ ***** **, tel. *********");
  }

  @Test
  void removeNamesTheType() {
    PiiSanitizer remove = new PiiSanitizer(
        Map.of(PiiType.PERSON_NAME, Method.REMOVE, PiiType.ADDRESS, Method.REMOVE), "");
    assertThat(sanitize(
            remove, "Atentamente, Carlos Pérez. Entregar en Calle de Alcalá 45, 2º B", "ES"))
        .isEqualTo("Atentamente, [person_name]. Entregar en [address]");
  }

  @Test
  void hashedNamesAndAddressesJoinAcrossSpellingsOfCaseAndSpaces() {
    PiiSanitizer hash = new PiiSanitizer(
        Map.of(PiiType.PERSON_NAME, Method.HASH, PiiType.ADDRESS, Method.HASH), "s3cret");
    assertThat(hash.token("t1", PiiType.PERSON_NAME, "Ana  García"))
        .isEqualTo(hash.token("t1", PiiType.PERSON_NAME, "ana garcía"))
        .isNotEqualTo(hash.token(
            "t1", PiiType.PERSON_NAME, "Ana Garcia")) // accents are kept: another spelling
        .isNotEqualTo(hash.token("t2", PiiType.PERSON_NAME, "ana garcía"));
    assertThat(hash.token("t1", PiiType.ADDRESS, "Rua das Flores, 123"))
        .isEqualTo(hash.token("t1", PiiType.ADDRESS, "rua das flores,  123"));
    List<PiiDetector.Finding> fs = detector.detect("Cliente: João da Silva", "BR");
    assertThat(fs).extracting(PiiDetector.Finding::type).containsExactly(PiiType.PERSON_NAME);
  }
}
