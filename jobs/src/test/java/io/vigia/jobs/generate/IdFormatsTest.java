package io.vigia.jobs.generate;

import org.junit.jupiter.api.Test;

import java.util.function.Predicate;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Check-digit validators against published valid numbers (payment-network test cards, the IBAN
 * registry examples, RENAPO/SAT, AFIP, SII, DIAN, Receita Federal, SUNAT/RENIEC examples as
 * reproduced in python-stdnum's documentation and test files) and against altered copies of them.
 */
class IdFormatsTest {

    @Test
    void luhnCards() {
        assertThat(IdFormats.luhnValid("4111 1111 1111 1111")).isTrue();      // Visa test card
        assertThat(IdFormats.luhnValid("5555-5555-5555-4444")).isTrue();      // Mastercard test card
        assertThat(IdFormats.luhnValid("378282246310005")).isTrue();          // Amex test card
        assertThat(IdFormats.luhnValid("4012888888881881")).isTrue();         // Visa test card
        assertThat(IdFormats.luhnValid("4111111111111112")).isFalse();
        assertThat(IdFormats.luhnValid("378282246310006")).isFalse();
        assertThat(IdFormats.luhnValid("1234")).isFalse();
        assertThat(IdFormats.luhnCheckDigit("7992739871")).isEqualTo(3);     // the classic 79927398713
    }

    @Test
    void iban() {
        assertThat(IdFormats.ibanValid("ES91 2100 0418 4502 0005 1332")).isTrue(); // registry example for Spain
        assertThat(IdFormats.esIbanValid("ES9121000418450200051332")).isTrue();
        assertThat(IdFormats.ibanValid("GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(IdFormats.ibanValid("DE89370400440532013000")).isTrue();
        assertThat(IdFormats.ibanValid("ES2121000418450200051331")).isTrue();     // mod 97 holds (python-stdnum to_iban example)
        assertThat(IdFormats.esIbanValid("ES2121000418450200051331")).isFalse();  // ... but its CCC check digits do not
        assertThat(IdFormats.ibanValid("ES9121000418450200051333")).isFalse();
        assertThat(IdFormats.ibanValid("ES9221000418450200051332")).isFalse();
        assertThat(IdFormats.ibanValid("GB82WEST12345698765431")).isFalse();
        assertThat(IdFormats.esCccValid("1234-1234-16 1234567890")).isTrue();    // python-stdnum es.ccc example
        assertThat(IdFormats.esCccValid("1234-1234-00 1234567890")).isFalse();
        assertThat(IdFormats.ibanCheckDigits("ES", "21000418450200051332")).isEqualTo("91");
    }

    @Test
    void spanishDniAndNie() {
        assertThat(IdFormats.esDniValid("54362315-K")).isTrue();
        assertThat(IdFormats.esDniValid("12345678Z")).isTrue();
        assertThat(IdFormats.esDniValid("54362315Z")).isFalse();
        assertThat(IdFormats.esDniValid("54362315")).isFalse();
        assertThat(IdFormats.esNieValid("X-2482300W")).isTrue();
        assertThat(IdFormats.esNieValid("X1234567L")).isTrue();
        assertThat(IdFormats.esNieValid("Y1234567X")).isTrue();
        assertThat(IdFormats.esNieValid("X2482300A")).isFalse();
        assertThat(IdFormats.esNieValid("A2482300W")).isFalse();
    }

    @Test
    void mexicanCurpAndRfc() {
        assertThat(IdFormats.mxCurpValid("BOXW310820HNERXN09")).isTrue();
        assertThat(IdFormats.mxCurpValid("BOXW310820HNERXN08")).isFalse();
        assertThat(IdFormats.mxCurpValid("BOXW311320HNERXN09")).isFalse();   // month 13
        assertThat(IdFormats.mxCurpValid("BOXW310820HXXRXN09")).isFalse();   // no such state
        assertThat(IdFormats.mxRfcValid("GODE 561231 GR8")).isTrue();        // person
        assertThat(IdFormats.mxRfcValid("MAB-930714-8T4")).isTrue();         // company
        assertThat(IdFormats.mxRfcValid("VACE-460910-SX6")).isFalse();       // wrong check character
        assertThat(IdFormats.mxRfcValid("GODE561231GR9")).isFalse();
    }

    @Test
    void argentineCuit() {
        assertThat(IdFormats.arCuitValid("20-05536168-2")).isTrue();
        assertThat(IdFormats.arCuitValid("20267565393")).isTrue();
        assertThat(IdFormats.arCuitValid("30-50001091-2")).isTrue();
        assertThat(IdFormats.arCuitValid("20267565392")).isFalse();
        assertThat(IdFormats.arCuitValid("99-05536168-2")).isFalse();        // no such type
    }

    @Test
    void chileanRutIncludingK() {
        // company RUTs published by SII (from python-stdnum's test file)
        for (String ok : new String[] {"76086428-5", "12.531.909-2", "7741928-4", "10626628-K", "76014309-K", "9334748-K",
            "99147000-K", "9.890.042-k"}) {
            assertThat(IdFormats.clRutValid(ok)).as(ok).isTrue();
        }
        assertThat(IdFormats.clRutValid("12531909-3")).isFalse();
        assertThat(IdFormats.clRutValid("10626628-0")).isFalse();
        assertThat(IdFormats.clRutValid("76086A28-5")).isFalse();
        assertThat(IdFormats.rutCheckDigit("10626628")).isEqualTo('K');
        assertThat(IdFormats.rutCheckDigit("11111111")).isEqualTo('1');
    }

    @Test
    void colombianNit() {
        assertThat(IdFormats.coNitValid("213.123.432-1")).isTrue();
        assertThat(IdFormats.coNitValid("890.903.938-8")).isTrue();
        assertThat(IdFormats.coNitValid("860.034.313-7")).isTrue();
        assertThat(IdFormats.coNitValid("2131234325")).isFalse();
        assertThat(IdFormats.coNitValid("890.903.938-7")).isFalse();
    }

    @Test
    void brazilianCpfAndCnpj() {
        assertThat(IdFormats.brCpfValid("390.533.447-05")).isTrue();
        assertThat(IdFormats.brCpfValid("529.982.247-25")).isTrue();
        assertThat(IdFormats.brCpfValid("231.002.999-00")).isFalse();
        assertThat(IdFormats.brCpfValid("111.111.111-11")).isFalse();        // repeated digits pass mod 11 but are invalid
        assertThat(IdFormats.brCnpjValid("16.727.230/0001-97")).isTrue();
        assertThat(IdFormats.brCnpjValid("11.222.333/0001-81")).isTrue();
        assertThat(IdFormats.brCnpjValid("16.727.230.0001-98")).isFalse();
        assertThat(IdFormats.brCnpjValid("00.000.000/0000-00")).isFalse();
    }

    @Test
    void peruvianRucAndDni() {
        assertThat(IdFormats.peRucValid("20512333797")).isTrue();
        assertThat(IdFormats.peRucValid("10054148289")).isTrue();
        assertThat(IdFormats.peRucValid("20512333798")).isFalse();
        assertThat(IdFormats.peRucValid("30512333797")).isFalse();           // no such type
        assertThat(IdFormats.peDniValid("10117410")).isTrue();
        assertThat(IdFormats.peDniValid("10117410-2")).isTrue();
        assertThat(IdFormats.peDniValid("10117410-3")).isFalse();
        assertThat(IdFormats.peDniCheckChars("10117410")).isEqualTo("2G");
    }

    @Test
    void networkAddressesAndEmail() {
        assertThat(IdFormats.ipv4Valid("192.168.10.254")).isTrue();
        assertThat(IdFormats.ipv4Valid("256.1.1.1")).isFalse();
        assertThat(IdFormats.ipv4Valid("1.2.3")).isFalse();
        assertThat(IdFormats.ipv6Valid("2001:db8:85a3:0:0:8a2e:370:7334")).isTrue();
        assertThat(IdFormats.ipv6Valid("2a02:1:2::1")).isTrue();
        assertThat(IdFormats.ipv6Valid("2a02::1::2")).isFalse();
        assertThat(IdFormats.ipv6Valid("12345::1")).isFalse();
        assertThat(IdFormats.emailValid("ana.garcia@gmail.com")).isTrue();
        assertThat(IdFormats.emailValid("ana.garcia@gmail")).isFalse();
    }

    /** Every generator makes valid numbers, and every look-alike maker invalid ones, over many seeds. */
    @Test
    void generatorsAndLookalikesAgreeWithTheValidators() {
        Rng r = new Rng(12345);
        check(r, IdFormats::cardNumber, IdFormats::luhnValid);
        check(r, IdFormats::esIban, IdFormats::esIbanValid);
        check(r, IdFormats::esDni, IdFormats::esDniValid);
        check(r, IdFormats::esNie, IdFormats::esNieValid);
        check(r, IdFormats::mxCurp, IdFormats::mxCurpValid);
        check(r, IdFormats::mxRfc, IdFormats::mxRfcValid);
        check(r, IdFormats::arCuit, IdFormats::arCuitValid);
        check(r, IdFormats::clRut, IdFormats::clRutValid);
        check(r, IdFormats::coNit, IdFormats::coNitValid);
        check(r, IdFormats::brCpf, IdFormats::brCpfValid);
        check(r, IdFormats::brCnpj, IdFormats::brCnpjValid);
        check(r, IdFormats::peRuc, IdFormats::peRucValid);
        check(r, IdFormats::peDni, IdFormats::peDniValid);
        check(r, IdFormats::ipv4, IdFormats::ipv4Valid);
        check(r, IdFormats::ipv6, IdFormats::ipv6Valid);
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
                String broken = IdFormats.breakLast(r, v, v.matches(".*[A-Z]$") ? "ABCDEFGHJKLMNPQRSTVWXYZ0123456789" : "0123456789K",
                    valid);
                assertThat(valid.test(broken)).as(broken).isFalse();
            }
        }
    }
}
