package io.vigia.common.privacy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the words around a number say it is, when they say it is business data rather than personal
 * data: a number introduced as an order, invoice, delivery note, ticket, reference, tracking number,
 * shipment, SKU, product or customer code, transfer reference, postal code, amount or year (Spanish,
 * Portuguese, English), or followed by a currency or a unit. A micropyme's "Pedido 612345678 del
 * 2026-03-02" holds an order number that libphonenumber accepts as a Spanish mobile; the word that
 * introduces it says what it is.
 *
 * <p>"Introduced" is read backwards from the number over at most {@link #MAX_TOKENS} tokens: connector
 * words (nº, de, del, the, su ...), other numbers and conjunctions are skipped; the first other word
 * decides. A business word there introduces the number; a word of a personal-data type (tel, móvil,
 * DNI, CPF ...) is closer and keeps it personal; anything else, or a clause boundary (',', ';', '!',
 * '?', a line break), introduces nothing. "nº / número / number" alone are not business words ("mi
 * número es ...") unless they head a customer noun ("nº de cliente").
 */
final class NumberContext {
  static final int MAX_TOKENS = 6;

  /** Currencies written before or after an amount ("EUR 612345678", "612345678 €"). */
  private static final Set<String> CURRENCIES =
      Set.of("eur", "€", "usd", "us$", "mxn", "ars", "clp", "cop", "pen", "brl", "gbp");

  /** Words that introduce a business number (lower case, a trailing '.' or ':' removed before lookup). */
  static final Set<String> BUSINESS = withCurrencies(Set.of(
      // es
      "pedido",
      "pedidos",
      "orden",
      "órdenes",
      "ordenes",
      "factura",
      "facturas",
      "fra",
      "albarán",
      "albaran",
      "albaranes",
      "boleta",
      "ticket",
      "tiquete",
      "referencia",
      "ref",
      "guía",
      "guia",
      "seguimiento",
      "envío",
      "envio",
      "envíos",
      "envios",
      "código",
      "codigo",
      "cód",
      "cod",
      "sku",
      "cp",
      "c.p",
      "postal",
      "importe",
      "total",
      "subtotal",
      "monto",
      "precio",
      "año",
      "ejercicio",
      "operación",
      "operacion",
      "expediente",
      "incidencia",
      "reclamación",
      "reclamacion",
      "lote",
      "serie",
      "artículo",
      "articulo",
      "producto",
      "localizador",
      "expedición",
      "expedicion",
      "remesa",
      "bulto",
      "paquete",
      "transferencia",
      "presupuesto",
      "recibo",
      "folio",
      "comprobante",
      "cotización",
      "cotizacion",
      "ean",
      "ped",
      "oc",
      "o.c",
      "ot",
      "fact",
      "tkt",
      "rma",
      "devolución",
      "devolucion",
      "reembolso",
      "compra",
      "compras",
      "venta",
      "ventas",
      // carriers: "SEUR 12345678901234", "Correios AA123456789BR"
      "correos",
      "seur",
      "mrw",
      "nacex",
      "gls",
      "dhl",
      "ups",
      "fedex",
      "tnt",
      "estafeta",
      "redpack",
      "andreani",
      "oca",
      "chilexpress",
      "starken",
      "servientrega",
      "coordinadora",
      "interrapidisimo",
      "olva",
      "shalom",
      "correios",
      "sedex",
      "jadlog",
      "loggi",
      "usps",
      // pt
      "nota",
      "fiscal",
      "nf",
      "nf-e",
      "nfe",
      "boleto",
      "rastreio",
      "rastreamento",
      "referência",
      "fatura",
      "cupom",
      "protocolo",
      "encomenda",
      "objeto",
      "pacote",
      "cep",
      "valor",
      "ano",
      "transferência",
      "remessa",
      "orçamento",
      "orcamento",
      "chamado",
      "vendas",
      // en
      "order",
      "orders",
      "invoice",
      "invoices",
      "inv",
      "tracking",
      "shipment",
      "parcel",
      "package",
      "reference",
      "product",
      "item",
      "zip",
      "zipcode",
      "postcode",
      "amount",
      "year",
      "po",
      "p.o",
      "receipt",
      "case",
      "confirmation",
      "booking",
      "serial",
      "model",
      "batch",
      "lot",
      "transaction",
      "txn",
      "transfer",
      "quote",
      "awb",
      "upc",
      "gtin",
      "purchase",
      "sale",
      // currency signs only written before an amount (codes: CURRENCIES)
      "$",
      "r$",
      "s/",
      "s/."));

  /**
   * Units or currencies that, right after a number, say it is a quantity or an amount.
   */
  static final Set<String> AFTER = withCurrencies(Set.of(
      "euros",
      "pesos",
      "soles",
      "reais",
      "dólares",
      "dolares",
      "dollars",
      "unidades",
      "uds",
      "ud",
      "units",
      "unidad",
      "pcs",
      "piezas",
      "peças",
      "pecas",
      "tokens",
      "ms",
      "kg",
      "g",
      "km",
      "m",
      "bytes",
      "kb",
      "mb",
      "gb",
      "visitas",
      "visits",
      "clics",
      "clicks",
      "impresiones",
      "impressions",
      "usuarios",
      "users",
      "usuários",
      "registros",
      "records",
      "filas",
      "rows",
      "veces",
      "times",
      "vezes"));

  /** Skipped when reading back from the number. */
  static final Set<String> CONNECTORS = Set.of(
      "nº",
      "n°",
      "no",
      "num",
      "núm",
      "número",
      "numero",
      "number",
      "#",
      "de",
      "del",
      "do",
      "da",
      "dos",
      "das",
      "of",
      "the",
      "el",
      "la",
      "los",
      "las",
      "o",
      "a",
      "su",
      "sus",
      "tu",
      "tus",
      "seu",
      "sua",
      "your",
      "our",
      "nuestro",
      "nuestra",
      "nosso",
      "nossa",
      "nuevo",
      "nueva",
      "novo",
      "nova",
      "new",
      "id",
      "y",
      "e",
      "and",
      "or",
      "ou",
      "para",
      "for",
      "con",
      "com",
      "with",
      "en",
      "em",
      "in",
      "=",
      "-",
      "/",
      "nr",
      "n",
      "é",
      "es",
      "is",
      ":",
      "por",
      "via",
      "vía",
      "by",
      "pelo",
      "pela",
      "al",
      "ao",
      "soporte",
      "support",
      "suporte",
      "electrónica",
      "electronica",
      "eletrônica",
      "eletronica");

  /** Customer nouns: business when headed by a number word or a code word ("nº de cliente", "customer no."). */
  static final Set<String> CUSTOMER = Set.of(
      "cliente",
      "clientes",
      "customer",
      "client",
      "socio",
      "sócio",
      "member",
      "cuenta-cliente",
      "abonado",
      "subscriber",
      "assinante");

  static final Set<String> NUMBER_WORDS = Set.of(
      "nº", "n°", "no", "num", "núm", "número", "numero", "number", "#", "nr", "nro", "n.º", "no.",
      "id", "código", "codigo", "code", "cód", "cod");

  /** Punctuation around a word, or standing alone between a word and its number ("Pedido — 612345678"). */
  private static final String PUNCT = ":#.'\"¿¡«»=—–|·•>*";

  private NumberContext() {}

  private static Set<String> withCurrencies(Set<String> words) {
    Set<String> all = new HashSet<>(words);
    all.addAll(CURRENCIES);
    return Set.copyOf(all);
  }

  /**
   * True when the words before {@code start} introduce the value there as a business number, or a
   * currency or unit follows it at {@code end}. {@code personalWord} tells a word of a personal-data type.
   */
  static boolean businessNumber(
      String text, int start, int end, java.util.function.Predicate<String> personalWord) {
    return introduced(text, start, personalWord) || unitAfter(text, end);
  }

  static boolean introduced(
      String text, int start, java.util.function.Predicate<String> personalWord) {
    int i = start - 1;
    boolean customerNoun = false;
    boolean sawNumberWord = false;
    for (int tokens = 0; tokens < MAX_TOKENS && i >= 0; tokens++) {
      while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
        if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
          return false;
        }
        i--;
      }
      if (i < 0) {
        return false;
      }
      char c = text.charAt(i);
      if (c == ',' && i > 0 && Character.isDigit(text.charAt(i - 1))) {
        i--; // a list of numbers: "pedidos 612345678, 612345679 y ..."
        c = text.charAt(i);
      }
      if (c == ',' || c == ';' || c == '!' || c == '?' || c == '(' || c == ')' || c == '['
          || c == ']') {
        return false;
      }
      int end = i + 1;
      while (i >= 0
          && !Character.isWhitespace(text.charAt(i))
          && text.charAt(i) != ','
          && text.charAt(i) != ';'
          && text.charAt(i) != '('
          && text.charAt(i) != '[') {
        i--;
      }
      String raw = text.substring(i + 1, end).toLowerCase(Locale.ROOT);
      String w = strip(raw);
      if (w.isEmpty()) {
        continue; // ":", "#", "-" alone
      }
      if (BUSINESS.contains(w) || BUSINESS.contains(raw)) {
        return true;
      }
      boolean numberWord = NUMBER_WORDS.contains(w) || NUMBER_WORDS.contains(raw);
      if (numberWord && customerNoun || CUSTOMER.contains(w) && sawNumberWord) {
        return true; // "nº de cliente", "customer ID"
      }
      if (personalWord.test(w)) {
        return false;
      }
      if (CUSTOMER.contains(w)) {
        customerNoun = true;
        continue;
      }
      sawNumberWord |= numberWord;
      if (CONNECTORS.contains(w) || numberWord || hasDigit(w)) {
        continue;
      }
      return false;
    }
    return false;
  }

  /** A currency or unit right after the value ("612345678 EUR", "3012345678 unidades"). */
  static boolean unitAfter(String text, int end) {
    int i = end;
    int n = text.length();
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    int s = i;
    while (i < n
        && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '$' || text.charAt(i) == '€')) {
      i++;
    }
    return i > s && AFTER.contains(text.substring(s, i).toLowerCase(Locale.ROOT));
  }

  /** The word without the punctuation people put around it: "ref.:" is "ref", "(pedido" is "pedido". */
  static String strip(String w) {
    int s = 0;
    int e = w.length();
    while (s < e && PUNCT.indexOf(w.charAt(s)) >= 0) {
      s++;
    }
    while (e > s && PUNCT.indexOf(w.charAt(e - 1)) >= 0) {
      e--;
    }
    return w.substring(s, e);
  }

  private static boolean hasDigit(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (w.charAt(i) >= '0' && w.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }
}
