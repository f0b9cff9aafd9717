package io.vigia.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.privacy.Validators;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The generators make identifiers the validators (common's privacy.Validators, tested there) accept. */
class IdFormatsTest {

  /** Every generator makes valid numbers, and every look-alike maker invalid ones, over many seeds. */
  @Test
  void generatorsAndLookalikesAgreeWithTheValidators() {
    Rng r = new Rng(12345);
    check(r, IdFormats::cardNumber, Validators::luhnValid);
    check(r, IdFormats::esIban, Validators::esIbanValid);
    check(r, IdFormats::esDni, Validators::esDniValid);
    check(r, IdFormats::esNie, Validators::esNieValid);
    check(r, IdFormats::mxCurp, Validators::mxCurpValid);
    check(r, IdFormats::mxRfc, Validators::mxRfcValid);
    check(r, IdFormats::arCuit, Validators::arCuitValid);
    check(r, IdFormats::clRut, Validators::clRutValid);
    check(r, IdFormats::coNit, Validators::coNitValid);
    check(r, IdFormats::brCpf, Validators::brCpfValid);
    check(r, IdFormats::brCnpj, Validators::brCnpjValid);
    check(r, IdFormats::peRuc, Validators::peRucValid);
    check(r, IdFormats::peDni, Validators::peDniValid);
    check(r, IdFormats::ipv4, Validators::ipv4Valid);
    check(r, IdFormats::ipv6, Validators::ipv6Valid);
    boolean sawK = false;
    for (int i = 0; i < 2000; i++) {
      sawK |= IdFormats.clRut(r).endsWith("K");
    }
    assertThat(sawK).as("RUTs with check character K are generated").isTrue();
  }

  private static void check(Rng r, Function<Rng, String> gen, Predicate<String> valid) {
    for (int i = 0; i < 3000; i++) {
      String v = gen.apply(r);
      assertThat(valid.test(v)).as(v).isTrue();
      if (v.length() > 8 && !v.contains(":") && !v.contains(".") || v.matches(".*\\d\\.\\d{3}.*")) {
        String broken = IdFormats.breakLast(
            r,
            v,
            v.matches(".*[A-Z]$") ? "ABCDEFGHJKLMNPQRSTVWXYZ0123456789" : "0123456789K",
            valid);
        assertThat(valid.test(broken)).as(broken).isFalse();
      }
    }
  }
}
