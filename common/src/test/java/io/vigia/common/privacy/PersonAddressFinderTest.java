package io.vigia.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigia.common.privacy.PiiDetector.Finding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PersonAddressFinder on hand-written es / pt / en lines: exact spans on the positives (N = person name,
 * A = address), no finding at all on the negatives (business text: shops, brands, places, streets
 * without a number, orders, dates, month names, greetings with a single given name).
 */
class PersonAddressFinderTest {
  private static final PersonAddressFinder FINDER = PersonAddressFinder.get();

  /** text, then expected findings as "N:exact text" or "A:exact text", in text order. */
  private static final String[][] POSITIVES = {
    // ---- es names with a cue
    {"Hola, me llamo Juan Pérez y quiero cambiar mi pedido.", "N:Juan Pérez"},
    {"Mi nombre es María José Fernández", "N:María José Fernández"},
    {"Soy Lucía Martínez, clienta desde 2019.", "N:Lucía Martínez"},
    {"Por favor, hablen con el Sr. Gómez del departamento de ventas.", "N:Gómez"},
    {"La Dra. Ana Sánchez Ortega atendió mi reclamo.", "N:Ana Sánchez Ortega"},
    {"Factura a nombre de Carlos Rodríguez López.", "N:Carlos Rodríguez López"},
    {"Atentamente,\nFernando Castro", "N:Fernando Castro"},
    {"Saludos, Javier", "N:Javier"},
    {"Cliente: Andrés Herrera", "N:Andrés Herrera"},
    {"Destinatario: Raquel Domínguez", "N:Raquel Domínguez"},
    {"Sra. Rosa Blanco llamó dos veces", "N:Rosa Blanco"},
    {"me llamo Victoria", "N:Victoria"},
    {"D. Ignacio Fuentes", "N:Ignacio Fuentes"},
    {"Doña Pilar Rubio pagó en efectivo", "N:Pilar Rubio"},
    {"ATENTAMENTE, JUAN CARLOS GONZÁLEZ", "N:JUAN CARLOS GONZÁLEZ"},
    {"el sr. Ramírez no contestó", "N:Ramírez"},
    {"Lic. Patricia Méndez", "N:Patricia Méndez"},
    // ---- es names without a cue
    {"Gracias a Juan Pérez por la atención", "N:Juan Pérez"},
    {"Me atendió Laura Gutiérrez y fue muy amable", "N:Laura Gutiérrez"},
    {"Pedido de José Luis García Torres", "N:José Luis García Torres"},
    {"Habló con Miguel Ángel Hernández ayer", "N:Miguel Ángel Hernández"},
    {"María del Carmen Núñez dejó una reseña", "N:María del Carmen Núñez"},
    {"Escribió Maria Garcia sin tildes", "N:Maria Garcia"},
    {"La empleada, Sofía Álvarez, fue muy amable", "N:Sofía Álvarez"},
    {"Firmado por Tomás Ortega y Gasset", "N:Tomás Ortega"},
    {"Pregunten por María-José Vázquez", "N:María-José Vázquez"},
    {"Contactar con Elena Martínez Rosa", "N:Elena Martínez Rosa"},
    // ---- es addresses
    {"Envíen el pedido a Calle Mayor 12, 28013 Madrid", "A:Calle Mayor 12"},
    {"Mi dirección es C/ de Alcalá, 45, 3º B, Madrid", "A:C/ de Alcalá, 45, 3º B"},
    {"Vivo en Avda. de la Constitución 5, 2º izq.", "A:Avda. de la Constitución 5, 2º izq."},
    {"Entregar en Paseo de la Castellana nº 100", "A:Paseo de la Castellana nº 100"},
    {"Dirección: Calle 13 # 45-12, Bogotá", "A:Calle 13 # 45-12"},
    {"Cra. 15 No. 93-47 oficina 301", "A:Cra. 15 No. 93-47 oficina 301"},
    {"Av. 9 de Julio 1234, piso 2", "A:Av. 9 de Julio 1234, piso 2"},
    {"Jr. Junín 456, Lima", "A:Jr. Junín 456"},
    {"Plaza de España s/n", "A:Plaza de España s/n"},
    {"vivo en calle San Bernardo, 23", "A:calle San Bernardo, 23"},
    {"Ctra. de Valencia 14, depto 301", "A:Ctra. de Valencia 14, depto 301"},
    {"Pº de Gracia 21 3º 1ª", "A:Pº de Gracia 21 3º 1ª"},
    // ---- pt
    {"Meu nome é João Silva e comprei ontem", "N:João Silva"},
    {"Me chamo Ana Paula Oliveira", "N:Ana Paula Oliveira"},
    {"Sou a Mariana Souza, cliente antiga", "N:Mariana Souza"},
    {"Em nome de Pedro Henrique Pereira", "N:Pedro Henrique Pereira"},
    {"Atenciosamente,\nRafael Moreira", "N:Rafael Moreira"},
    {"Fui atendido por Lucas Carvalho muito bem", "N:Lucas Carvalho"},
    {"Falei com José da Silva ontem", "N:José da Silva"},
    {"Att. Beatriz Nogueira", "N:Beatriz Nogueira"},
    {"Entregar na Rua das Flores, 123, apto 45", "A:Rua das Flores, 123, apto 45"},
    {"Av. Paulista, 1578 - São Paulo", "A:Av. Paulista, 1578"},
    {"Endereço: Rua Augusta, nº 1500, bloco 2", "A:Rua Augusta, nº 1500, bloco 2"},
    {"R. Oscar Freire 900, casa 5", "A:R. Oscar Freire 900, casa 5"},
    {"Praça da Sé, 100", "A:Praça da Sé, 100"},
    {"Travessa do Carmo 7, 3º andar", "A:Travessa do Carmo 7, 3º andar"},
    // ---- en
    {"Hi, my name is John Smith and my order is late", "N:John Smith"},
    {"This is Emily Johnson from accounting", "N:Emily Johnson"},
    {"Mr. O'Reilly called twice", "N:O'Reilly"},
    {"Please ask Mrs. Sarah Connelly", "N:Sarah Connelly"},
    {"Kind regards,\nMichael Anderson", "N:Michael Anderson"},
    {"I'm Robert Miller", "N:Robert Miller"},
    {"Name: Jennifer Lopez", "N:Jennifer Lopez"},
    {"Thanks to Patricia Murphy for the help", "N:Patricia Murphy"},
    {"Dr. Kevin O'Connell signed it", "N:Kevin O'Connell"},
    {"Ship to 123 Main Street, Springfield", "A:123 Main Street"},
    {"Deliver to 45 Oak Ave., Apt 4B", "A:45 Oak Ave., Apt 4B"},
    {"1600 Pennsylvania Avenue NW, Washington", "A:1600 Pennsylvania Avenue NW"},
    {"Address: 221 Baker St Apt. 2", "A:221 Baker St Apt. 2"},
    {"Office at 350 5th Avenue, Suite 200", "A:350 5th Avenue, Suite 200"},
    // ---- both
    {"Sr. Juan Pérez, Calle Mayor 5, 2º B, Madrid", "A:Calle Mayor 5, 2º B", "N:Juan Pérez"},
    {"Me llamo Ana López y vivo en Calle Luna 3", "A:Calle Luna 3", "N:Ana López"},
    {"El Sr. Juan García y la Sra. Ana López", "N:Juan García", "N:Ana López"},
    {"Mi nombre es JUAN PÉREZ", "N:JUAN PÉREZ"},
    {"Calle Mayor nº 45", "A:Calle Mayor nº 45"},
    {"vivo en Av. Corrientes 1234, 5º A, CABA", "A:Av. Corrientes 1234, 5º A"},
    {"la Avenida 5 de Mayo 123", "A:Avenida 5 de Mayo 123"},
    {"Visit us at 10 Downing Street", "A:10 Downing Street"},
    {"Maria e João Silva vieram", "N:João Silva"},
    {"Teléfono 612345678, Calle Larios 3", "A:Calle Larios 3"},
    // ---- pt names: IBGE / INE Portugal surnames and given names, surnames with their particle
    // after a title
    {"O Sr. dos Reis ligou ontem", "N:dos Reis"},
    {"A Dra. da Cunha pediu a fatura", "N:da Cunha"},
    {"Falei com Mariana Oliveira Pinto hoje", "N:Mariana Oliveira Pinto"},
    {"Atenciosamente, Rui Gonçalves", "N:Rui Gonçalves"},
    {"Prezada Sra. Magalhães,", "N:Magalhães"},
    // ---- pt addresses: CTT / Correios street types, R/C, n.º, Roman numerals, sala
    {"Moro na Azinhaga dos Barros, 12, R/C", "A:Azinhaga dos Barros, 12, R/C"},
    {"Urbanização do Sol 14, 2º Esq.", "A:Urbanização do Sol 14, 2º Esq."},
    {"Entregar na Calçada da Ajuda n.º 80", "A:Calçada da Ajuda n.º 80"},
    {"Rua XV de Novembro, 1020, sala 5", "A:Rua XV de Novembro, 1020, sala 5"},
    {"Fica no Beco do Carvalho 3, 1º Dto.", "A:Beco do Carvalho 3, 1º Dto."},
    // ---- es addresses: INEGI street types, Peru's Mz. / Lt., Colombian numbered streets, Bv.,
    // initials
    {"Cerrada de los Pinos 45-B, Col. Roma", "A:Cerrada de los Pinos 45-B"},
    {"Privada Morelos No. 12, Int. 3", "A:Privada Morelos No. 12, Int. 3"},
    {"Psje. Los Olivos 230, dpto. 401", "A:Psje. Los Olivos 230, dpto. 401"},
    {"Entregar en Av. Brasil Mz. B Lt. 7, Lima", "A:Av. Brasil Mz. B Lt. 7"},
    {"Vivo en Prolongación Hidalgo 88 por la tarde", "A:Prolongación Hidalgo 88"},
    {"Camino Francisco I. Madero 300", "A:Camino Francisco I. Madero 300"},
    {"Dirección: Avenida 68A # 24-10, Bogotá", "A:Avenida 68A # 24-10"},
    {"Bv. Oroño 1450 5º B", "A:Bv. Oroño 1450 5º B"},
    // ---- en addresses: USPS Pub. 28 / UK suffixes, directionals, units
    {"Ship to 420 Maple Grove, Suite 12", "A:420 Maple Grove, Suite 12"},
    {"She lives at 15 Rose Close.", "A:15 Rose Close"},
    {"Address: 88 E Broadway, Apt 3", "A:88 E Broadway, Apt 3"},
    {"Mail it to 301 W 4th St today.", "A:301 W 4th St"},
    {"Deliver to 7 Harbour Walk, Flat 24", "A:7 Harbour Walk, Flat 24"},
    {"We moved to 12 Cedar Loop last week.", "A:12 Cedar Loop"},
  };

  private static final String[] NEGATIVES = {
    // es business text
    "Farmacia García",
    "Compré en Farmacia García López ayer",
    "Banco Santander",
    "Mercedes Benz",
    "Hotel Victoria",
    "Santiago de Chile",
    "Pedido 612345678 del 2026-03-02",
    "Estimado cliente",
    "la tienda de Gran Vía",
    "Gran Vía",
    "Hola María",
    "Hola María, gracias por todo",
    "Gracias Juan",
    "El pedido llegó en Mayo",
    "Pagado el 15 de Julio de 2026",
    "Factura de Enero",
    "Calle Mayor",
    "vivo en la Calle Mayor de Madrid",
    "El pedido está en camino 3 días",
    "Plaza Mayor 3 veces",
    "Avenida José Martí",
    "la calle Miguel Hernández",
    "Colegio Miguel Hernández",
    "Restaurante María López",
    "Carolina Herrera perfume",
    "Café Juan Valdez",
    "Distribuidora García Hermanos",
    "San Juan de Puerto Rico",
    "Santa María del Mar",
    "Rosa Blanco",
    "Victoria Santos",
    "Cruz Roja",
    "Luz Ramos",
    "Santos Flores",
    "Pedido 34 de 120 unidades",
    "Calle 13 en concierto",
    "Envío gratis a partir de 50 €",
    "Lunes a Viernes de 9 a 18",
    "Domingo Martes",
    "Paz y Amor",
    "Ana",
    "NOMBRE DEL CLIENTE",
    "PEDIDO JUAN PÉREZ",
    "El Corte Inglés",
    "Zara Home",
    "Carrera 10K de Madrid",
    "Pilar Prado",
    // pt
    "Av. Paulista",
    "São Paulo",
    "Loja Maria Silva",
    "Rua Augusta",
    "Obrigado pela compra, Maria",
    "Costa Rica",
    "Lima Peru",
    "Santos Futebol Clube",
    "Paulo",
    "Pedido 123 entregue em Março",
    "Praça da Sé",
    "Largo prazo 12 meses",
    // en
    "Thanks John",
    "Dear customer",
    "Victoria Secret",
    "Paris Hilton Hotel",
    "Main Street",
    "3 items",
    "Order 12345 shipped on Monday",
    "In April we sold 300 units",
    "Grace period of 30 days",
    "Mark the order as shipped",
    "Will Smith Store",
    "Ford Explorer 2020",
    "King Street",
    "We sold 3 Apple phones",
    "Amazon Prime",
    "Chase Bank",
    "Walmart Supercenter",
    "Compré 3 Main Street tees",
    "Order #12 Main St",
    "Dr. Pepper",
    "Mr. Wonderful tazas",
    "This is Chase Bank",
    // brands, institutions, kings, streets named after people, cue words without a name
    "Don Simón zumo",
    "Restaurante Don Julio",
    "Hospital Juan XXIII",
    "Universidad Carlos III de Madrid",
    "Estadio Santiago Bernabéu",
    "Museo Reina Sofía",
    "Julio Iglesias",
    "Juan Pablo II",
    "Grupo Carlos Slim",
    "Plaza Vea 2 por 1",
    "Avenida Libertador 2020 promociones",
    "SALUDOS, EQUIPO DE SOPORTE",
    "Att. Equipe Vendas",
    "Soy de Santiago",
    "Hola Sr. Presidente",
    "Martes 3 de Marzo",
    "JUAN PÉREZ",
    "Pedido nº 45 Calle Mayor",
    "Jesús García",
    "Victoria Beckham",
    // new street types, units and place names
    "Nos vemos en la Plaza de Armas a las 5",
    "Reserva en Vía Láctea 3 noches",
    "Tienda Quinta Avenida abre el lunes",
    "Reservamos la Suite 5 del hotel",
    "Unit price 45 USD",
    "Repetir el Loop 3 veces",
    "Envíos a General Escobedo y Monterrey",
    "Sucursal Ciudad Juárez Centro",
    "Vacaciones en Villa Gesell",
    "Oficinas en Puerto Madero",
    "Homenaje a Presidente Perón",
    "Miércoles sin entregas en General Escobedo.",
    "Coronel Suárez sin stock",
    "Compré 3 Oak Wood tables",
    "Quinta da Regaleira",
    "Acesso restrito 24 horas",
    "Caminho 2 km",
    "Flat 24 pack",
    "Open 7 days a week",
    "Pedido para Villa Carlos Paz",
    "Puerto Vallarta Centro",
    "Envío a Ciudad Juárez 2 cajas",
  };

  record Expected(PiiType type, String text) {}

  private static List<String> check(String text, List<Expected> expected) {
    List<Finding> out = new ArrayList<>();
    FINDER.find(text, null, out);
    List<String> got = new ArrayList<>();
    for (Finding f : out) {
      assertThat(f.confidence()).isBetween(0.0, 1.0);
      got.add((f.type() == PiiType.ADDRESS ? "A:" : "N:") + text.substring(f.start(), f.end()));
    }
    List<String> want = new ArrayList<>();
    for (Expected e : expected) {
      want.add((e.type() == PiiType.ADDRESS ? "A:" : "N:") + e.text());
    }
    return got.equals(want) ? List.of() : List.of("'" + text + "': want " + want + ", got " + got);
  }

  @Test
  void positivesHaveExactSpans() {
    List<String> failures = new ArrayList<>();
    for (String[] row : POSITIVES) {
      List<Expected> exp = new ArrayList<>();
      for (int k = 1; k < row.length; k++) {
        exp.add(new Expected(
            row[k].startsWith("A:") ? PiiType.ADDRESS : PiiType.PERSON_NAME, row[k].substring(2)));
      }
      failures.addAll(check(row[0], exp));
    }
    assertThat(failures).as("%d positives", POSITIVES.length).isEmpty();
    assertThat(POSITIVES.length).isGreaterThanOrEqualTo(40);
  }

  @Test
  void negativesHaveNoFinding() {
    List<String> failures = new ArrayList<>();
    for (String text : NEGATIVES) {
      failures.addAll(check(text, List.of()));
    }
    assertThat(failures).as("%d negatives", NEGATIVES.length).isEmpty();
    assertThat(NEGATIVES.length).isGreaterThanOrEqualTo(40);
  }

  @Test
  void spansAvoidTakenCharactersAndAreMarked() {
    String text = "Sr. Juan Pérez, Calle Mayor 5";
    boolean[] taken = new boolean[text.length()];
    int j = text.indexOf("Juan");
    taken[j] = true;
    List<Finding> out = new ArrayList<>();
    boolean[] back = FINDER.find(text, taken, out);
    assertThat(out).extracting(Finding::type).containsExactly(PiiType.ADDRESS);
    assertThat(back[text.indexOf("Calle")]).isTrue();
    assertThat(back[text.indexOf("Mayor 5") + 6]).isTrue();

    List<Finding> none = new ArrayList<>();
    assertThat(FINDER.find("nothing here at all", null, none)).isNull();
    assertThat(none).isEmpty();
  }

  @Test
  void serialisesToTheSameInstance() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(FINDER);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isSameAs(FINDER);
    }
    assertThat(FINDER.size()).isGreaterThan(4000);
  }
}
