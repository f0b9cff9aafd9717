package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Check-digit validators against published valid numbers (payment-network test cards, the IBAN
 * registry examples, RENAPO/SAT, AFIP, SII, DIAN, Receita Federal, SUNAT/RENIEC examples as
 * reproduced in python-stdnum's documentation and test files) and against altered copies of them.
 */
class ValidatorsTest {

  @Test
  void luhnCards() {
    assertThat(Validators.luhnValid("4111 1111 1111 1111")).isTrue(); // Visa test card
    assertThat(Validators.luhnValid("5555-5555-5555-4444")).isTrue(); // Mastercard test card
    assertThat(Validators.luhnValid("378282246310005")).isTrue(); // Amex test card
    assertThat(Validators.luhnValid("4012888888881881")).isTrue(); // Visa test card
    assertThat(Validators.luhnValid("4111111111111112")).isFalse();
    assertThat(Validators.luhnValid("378282246310006")).isFalse();
    assertThat(Validators.luhnValid("1234")).isFalse();
    assertThat(Validators.luhnCheckDigit("7992739871")).isEqualTo(3); // the classic 79927398713
  }

  @Test
  void iban() {
    assertThat(Validators.ibanValid("ES91 2100 0418 4502 0005 1332"))
        .isTrue(); // registry example for Spain
    assertThat(Validators.esIbanValid("ES9121000418450200051332")).isTrue();
    assertThat(Validators.ibanValid("GB82 WEST 1234 5698 7654 32")).isTrue();
    assertThat(Validators.ibanValid("DE89370400440532013000")).isTrue();
    assertThat(Validators.ibanValid("ES2121000418450200051331"))
        .isTrue(); // mod 97 holds (python-stdnum to_iban example)
    assertThat(Validators.esIbanValid("ES2121000418450200051331"))
        .isFalse(); // ... but its CCC check digits do not
    assertThat(Validators.ibanValid("ES9121000418450200051333")).isFalse();
    assertThat(Validators.ibanValid("ES9221000418450200051332")).isFalse();
    assertThat(Validators.ibanValid("GB82WEST12345698765431")).isFalse();
    assertThat(Validators.esCccValid("1234-1234-16 1234567890"))
        .isTrue(); // python-stdnum es.ccc example
    assertThat(Validators.esCccValid("1234-1234-00 1234567890")).isFalse();
    assertThat(Validators.ibanCheckDigits("ES", "21000418450200051332")).isEqualTo("91");
  }

  @Test
  void spanishDniAndNie() {
    assertThat(Validators.esDniValid("54362315-K")).isTrue();
    assertThat(Validators.esDniValid("12345678Z")).isTrue();
    assertThat(Validators.esDniValid("54362315Z")).isFalse();
    assertThat(Validators.esDniValid("54362315")).isFalse();
    assertThat(Validators.esNieValid("X-2482300W")).isTrue();
    assertThat(Validators.esNieValid("X1234567L")).isTrue();
    assertThat(Validators.esNieValid("Y1234567X")).isTrue();
    assertThat(Validators.esNieValid("X2482300A")).isFalse();
    assertThat(Validators.esNieValid("A2482300W")).isFalse();
  }

  @Test
  void mexicanCurpAndRfc() {
    assertThat(Validators.mxCurpValid("BOXW310820HNERXN09")).isTrue();
    assertThat(Validators.mxCurpValid("BOXW310820HNERXN08")).isFalse();
    assertThat(Validators.mxCurpValid("BOXW311320HNERXN09")).isFalse(); // month 13
    assertThat(Validators.mxCurpValid("BOXW310820HXXRXN09")).isFalse(); // no such state
    assertThat(Validators.mxRfcValid("GODE 561231 GR8")).isTrue(); // person
    assertThat(Validators.mxRfcValid("MAB-930714-8T4")).isTrue(); // company
    assertThat(Validators.mxRfcValid("VACE-460910-SX6")).isFalse(); // wrong check character
    assertThat(Validators.mxRfcValid("GODE561231GR9")).isFalse();
  }

  @Test
  void argentineCuit() {
    assertThat(Validators.arCuitValid("20-05536168-2")).isTrue();
    assertThat(Validators.arCuitValid("20267565393")).isTrue();
    assertThat(Validators.arCuitValid("30-50001091-2")).isTrue();
    assertThat(Validators.arCuitValid("20267565392")).isFalse();
    assertThat(Validators.arCuitValid("99-05536168-2")).isFalse(); // no such type
  }

  @Test
  void chileanRutIncludingK() {
    // company RUTs published by SII (from python-stdnum's test file)
    for (String ok : new String[] {
      "76086428-5",
      "12.531.909-2",
      "7741928-4",
      "10626628-K",
      "76014309-K",
      "9334748-K",
      "99147000-K",
      "9.890.042-k"
    }) {
      assertThat(Validators.clRutValid(ok)).as(ok).isTrue();
    }
    assertThat(Validators.clRutValid("12531909-3")).isFalse();
    assertThat(Validators.clRutValid("10626628-0")).isFalse();
    assertThat(Validators.clRutValid("76086A28-5")).isFalse();
    assertThat(Validators.rutCheckDigit("10626628")).isEqualTo('K');
    assertThat(Validators.rutCheckDigit("11111111")).isEqualTo('1');
  }

  @Test
  void colombianNit() {
    assertThat(Validators.coNitValid("213.123.432-1")).isTrue();
    assertThat(Validators.coNitValid("890.903.938-8")).isTrue();
    assertThat(Validators.coNitValid("860.034.313-7")).isTrue();
    assertThat(Validators.coNitValid("2131234325")).isFalse();
    assertThat(Validators.coNitValid("890.903.938-7")).isFalse();
  }

  @Test
  void brazilianCpfAndCnpj() {
    assertThat(Validators.brCpfValid("390.533.447-05")).isTrue();
    assertThat(Validators.brCpfValid("529.982.247-25")).isTrue();
    assertThat(Validators.brCpfValid("231.002.999-00")).isFalse();
    assertThat(Validators.brCpfValid("111.111.111-11"))
        .isFalse(); // repeated digits pass mod 11 but are invalid
    assertThat(Validators.brCnpjValid("16.727.230/0001-97")).isTrue();
    assertThat(Validators.brCnpjValid("11.222.333/0001-81")).isTrue();
    assertThat(Validators.brCnpjValid("16.727.230.0001-98")).isFalse();
    assertThat(Validators.brCnpjValid("00.000.000/0000-00")).isFalse();
  }

  @Test
  void peruvianRucAndDni() {
    assertThat(Validators.peRucValid("20512333797")).isTrue();
    assertThat(Validators.peRucValid("10054148289")).isTrue();
    assertThat(Validators.peRucValid("20512333798")).isFalse();
    assertThat(Validators.peRucValid("30512333797")).isFalse(); // no such type
    assertThat(Validators.peDniValid("10117410")).isTrue();
    assertThat(Validators.peDniValid("10117410-2")).isTrue();
    assertThat(Validators.peDniValid("10117410-3")).isFalse();
    assertThat(Validators.peDniCheckChars("10117410")).isEqualTo("2G");
  }

  @Test
  void networkAddressesAndEmail() {
    assertThat(Validators.ipv4Valid("192.168.10.254")).isTrue();
    assertThat(Validators.ipv4Valid("256.1.1.1")).isFalse();
    assertThat(Validators.ipv4Valid("1.2.3")).isFalse();
    assertThat(Validators.ipv6Valid("2001:db8:85a3:0:0:8a2e:370:7334")).isTrue();
    assertThat(Validators.ipv6Valid("2a02:1:2::1")).isTrue();
    assertThat(Validators.ipv6Valid("2a02::1::2")).isFalse();
    assertThat(Validators.ipv6Valid("12345::1")).isFalse();
    assertThat(Validators.emailValid("ana.garcia@gmail.com")).isTrue();
    assertThat(Validators.emailValid("ana.garcia@gmail")).isFalse();
  }
}
