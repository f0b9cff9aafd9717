package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Each validator agrees with python-stdnum on the 2,100 labelled vectors of validator_vectors.tsv (make_pii_corpus.py). */
class ValidatorVectorsTest {
  static final Map<String, Predicate<String>> CHECK = Map.ofEntries(
      Map.entry("credit_card", Validators::luhnValid), Map.entry("iban", Validators::ibanValid),
      Map.entry("es_dni", Validators::esDniValid), Map.entry("es_nie", Validators::esNieValid),
      Map.entry("es_cif", Validators::esCifValid), Map.entry("mx_curp", Validators::mxCurpValid),
      Map.entry("mx_rfc", Validators::mxRfcValid), Map.entry("ar_cuit", Validators::arCuitValid),
      Map.entry("cl_rut", Validators::clRutValid), Map.entry("co_nit", Validators::coNitValid),
      Map.entry("br_cpf", Validators::brCpfValid), Map.entry("br_cnpj", Validators::brCnpjValid),
      Map.entry("pe_ruc", Validators::peRucValid), Map.entry("pe_dni", Validators::peDniValid));

  @Test
  void agreeWithStdnum() throws Exception {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    int valid = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/privacy/validator_vectors.tsv"),
        StandardCharsets.UTF_8))) {
      String l;
      while ((l = r.readLine()) != null) {
        if (l.startsWith("#")) {
          continue;
        }
        String[] f = l.split("\t");
        // a bare 8-digit Peruvian DNI has no check character: stdnum's CUI needs 9, vigia accepts
        // the shape
        if (f[0].equals("pe_dni") && Validators.compact(f[1]).length() == 8) {
          continue;
        }
        boolean expected = Boolean.parseBoolean(f[2]);
        checked++;
        valid += expected ? 1 : 0;
        if (CHECK.get(f[0]).test(f[1]) != expected) {
          wrong.add(l);
        }
      }
    }
    assertThat(checked).isGreaterThan(2000);
    assertThat(valid).isGreaterThan(900);
    assertThat(wrong).isEmpty();
  }
}
