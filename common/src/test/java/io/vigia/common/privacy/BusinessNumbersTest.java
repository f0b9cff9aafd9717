package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.privacy.PiiDetector.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbers a small business writes (orders, invoices, tracking numbers, amounts) are not personal data
 * when a business word introduces them, even when libphonenumber or a check digit accepts them; a
 * personal-data word closer to the value, a phone's '+' or grouping, or an ID's punctuation keep it.
 */
class BusinessNumbersTest {
  private final PiiDetector d = new PiiDetector(0.5);

  private List<String> found(String text, String country) {
    return d.detect(text, country).stream()
        .map(f -> f.type().wire + "=" + text.substring(f.start(), f.end()))
        .toList();
  }

  @Test
  void orderNumbersThatAreValidPhonesAreNotPhones() {
    // 612345678 is a valid Spanish mobile, 5512345678 a Mexico City number, 11987654321 a São Paulo
    // mobile
    assertThat(
            found("Pedido 612345678 del 2026-03-02 10:54, total 5451.26 EUR, ref 9eef36d7", "ES"))
        .isEmpty();
    assertThat(found("Nº de pedido: 612345678", "ES")).isEmpty();
    assertThat(found("pedido nº 612345678 enviado", "ES")).isEmpty();
    assertThat(found("Factura 912345678 pendiente", "ES")).isEmpty();
    assertThat(found("Albarán nº 712345678", "ES")).isEmpty();
    assertThat(found("Seguimiento del envío: 612345678", "ES")).isEmpty();
    assertThat(found("nº de cliente 612345678", "ES")).isEmpty();
    assertThat(found("Orden 5512345678 lista para recoger", "MX")).isEmpty();
    assertThat(found("Pedido nº 11987654321 entregue", "BR")).isEmpty();
    assertThat(found("Nota fiscal 11987654321 emitida", "BR")).isEmpty();
    assertThat(found("Código de rastreio 11987654321", "BR")).isEmpty();
    assertThat(found("Order 4155550123 shipped", "US")).isEmpty();
    assertThat(found("Tracking number: 4155550123", "US")).isEmpty();
    assertThat(found("Total 612345678 EUR", "ES")).isEmpty();
    assertThat(found("Se vendieron 612345678 unidades", "ES")).isEmpty();
    assertThat(found("Customer ID 4155550123", "US")).isEmpty();
    assertThat(found("ID de cliente: 612345678", "ES")).isEmpty();
    assertThat(found("Order #612345678", "ES")).isEmpty();
    assertThat(found("(pedido:612345678)", "ES")).isEmpty();
    assertThat(found("Enviado por SEUR 612345678", "ES")).isEmpty();
    assertThat(found("cobro de $5512345678", "MX")).isEmpty();
    assertThat(found("Pedidos 612345678, 612345679 y 612345670 enviados", "ES")).isEmpty();
    assertThat(found("Orden de compra 612345678", "ES")).isEmpty();
    assertThat(found("Ticket de soporte 612345678 abierto", "ES")).isEmpty();
    assertThat(found("Purchase 4155550123 confirmed", "US")).isEmpty();
    assertThat(found("Pedido del 2026-03-02 10:54 — 612345678", "ES")).isEmpty();
    assertThat(found("Pedido | 612345678 | 3 uds", "ES")).isEmpty();
    assertThat(found("Pedido | 612345678 | 3 uds", "ES")).isEmpty();
  }

  @Test
  void checksumPassingReferencesAreNotIdentifiersOrCards() {
    // 52998224725 passes the CPF check, 20123456786 the CUIT check, 4111111111111111 Luhn
    assertThat(found("Pedido 52998224725 confirmado", "BR")).isEmpty();
    assertThat(found("Factura 20123456786 pagada", "AR")).isEmpty();
    assertThat(found("Referencia 4111111111111111 del pago", "ES")).isEmpty();
    assertThat(found("SKU B28123453 en stock", "ES")).isEmpty();
  }

  @Test
  void aPersonalWordCloserThanTheBusinessWordKeepsTheValue() {
    assertThat(found("Pedido 612345678 del 2026-03-02: llámame al 698765432", "ES"))
        .containsExactly("phone=698765432");
    assertThat(found("Pedido 612345678, móvil 698765432", "ES")).containsExactly("phone=698765432");
    assertThat(found("Pedido nº 11987654321, CPF 529.982.247-25 do cliente", "BR"))
        .containsExactly("br_cpf=529.982.247-25");
    assertThat(found("Pedido nº 11987654321, CPF 52998224725", "BR"))
        .containsExactly("br_cpf=52998224725");
    assertThat(found("Order 4155550123, call me at 4155550199", "US"))
        .containsExactly("phone=4155550199");
    assertThat(found("mi número es 612345678", "ES")).containsExactly("phone=612345678");
    assertThat(found("llamar al cliente 612345678", "ES")).containsExactly("phone=612345678");
    assertThat(found("Pedido 612345678 pagado con tarjeta 4111111111111111", "ES"))
        .containsExactly("credit_card=4111111111111111");
    assertThat(found("698765432 es mi móvil, pedido 612345678", "ES"))
        .containsExactly("phone=698765432");
    assertThat(found("Ticket 612345678 solicitado por el teléfono 698765432", "ES"))
        .containsExactly("phone=698765432");
    assertThat(found("Pedido 612345678 y mi teléfono 698765432", "ES"))
        .containsExactly("phone=698765432");
  }

  @Test
  void aFormOnlyAPhoneOrAnIdHasKeepsTheValue() {
    assertThat(found("Pedido: +34 612 34 56 78", "ES")).containsExactly("phone=+34 612 34 56 78");
    assertThat(found("Pedido 612345678, +34698765432", "ES")).containsExactly("phone=+34698765432");
    assertThat(found("referencia 612 34 56 78", "ES")).containsExactly("phone=612 34 56 78");
    assertThat(found("Pedido 20-12345678-6", "AR")).containsExactly("ar_cuit=20-12345678-6");
    assertThat(found("Pedido 4111 1111 1111 1111", "ES"))
        .containsExactly("credit_card=4111 1111 1111 1111");
  }

  @Test
  void aBusinessWordFurtherBackDoesNotIntroduceALaterNumber() {
    assertThat(found("Pedido 1234 entregado, 612345678", "ES")).containsExactly("phone=612345678");
    assertThat(found("La factura llegó; 612345678", "ES")).containsExactly("phone=612345678");
    assertThat(found("Pedido del lunes. Contacto 612345678", "ES"))
        .containsExactly("phone=612345678");
  }

  @Test
  void strongIdentifiersAreNotSuppressed() {
    assertThat(found("Ref 12345678Z", "ES")).containsExactly("es_dni=12345678Z");
    assertThat(found("Transferencia a ES91 2100 0418 4502 0005 1332", "ES"))
        .containsExactly("iban=ES91 2100 0418 4502 0005 1332");
  }

  @Test
  void findingsAreInTextOrder() {
    List<Finding> fs = d.detect("tel 698765432 pedido 612345678 móvil 612345679", "ES");
    assertThat(fs).extracting(Finding::type).containsExactly(PiiType.PHONE, PiiType.PHONE);
  }
}
