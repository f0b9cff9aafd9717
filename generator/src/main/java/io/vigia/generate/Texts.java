package io.vigia.generate;

import io.vigia.common.privacy.Validators;
import io.vigia.generate.Kinds.Lookalike;
import io.vigia.generate.Kinds.PiiType;
import io.vigia.generate.Kinds.TextField;
import io.vigia.generate.Plan.Country;

/**
 * Spanish and English texts of prompts, completions, action payloads and feedback comments, with
 * personal data (valid identifiers) and look-alikes (checksum-invalid identifiers, order numbers,
 * UUIDs, timestamps, decimals) planted at the spec's shares and counted per type and field.
 */
final class Texts {

  // ------------------------------------------------------------------ base texts

  private static final String[] PROMPT_ES = {
    "Resume la siguiente conversación con el cliente y propone una respuesta amable.",
    "Clasifica el ticket según su urgencia y el área responsable.",
    "Redacta una respuesta para un cliente que pide la devolución de un producto defectuoso.",
    "Extrae la fecha de entrega y el importe del siguiente mensaje del proveedor.",
    "Explica en lenguaje sencillo por qué la previsión de demanda de esta semana es más alta que la anterior.",
    "El cliente dice que la factura no coincide con lo contratado. ¿Qué le respondemos?",
    "Genera tres titulares para la campaña de Navidad de la tienda.",
    "Analiza el sentimiento de las reseñas de esta semana y señala los temas principales.",
    "Necesito un resumen del incidente de ayer en el almacén para el informe semanal.",
    "¿Qué descuento recomiendas para reducir el stock de abrigos sin perder margen?",
    "Revisa si el contrato incluye cláusula de permanencia y explícalo al cliente.",
    "Actúa como agente de soporte y contesta con tono cercano y profesional.",
  };
  private static final String[] PROMPT_EN = {
    "Summarize the customer conversation below and suggest a polite reply.",
    "Classify this ticket by urgency and owning team.",
    "Draft a reply to a customer asking to return a faulty product.",
    "Extract the delivery date and the amount from the supplier message below.",
    "Explain in plain words why this week's demand forecast is higher than last week's.",
    "The customer says the invoice does not match the plan. How should we answer?",
    "Write three headlines for the holiday campaign.",
    "Analyze the sentiment of this week's reviews and list the main topics.",
  };
  private static final String[] MESSAGE_ES = {
    "Hola, el paquete no ha llegado todavía y ya pasaron cinco días.",
    "Quiero cambiar la dirección de envío de mi pedido.",
    "Me han cobrado dos veces el mismo pedido, por favor revisen.",
    "No puedo entrar en mi cuenta desde ayer, me dice contraseña incorrecta.",
    "El producto llegó roto y quiero que me devuelvan el dinero.",
    "¿Tienen disponible la talla M en la tienda del centro?",
    "Buenas tardes, necesito la factura con los datos de mi empresa.",
    "La aplicación se cierra sola cuando intento pagar.",
    "Estoy muy contento con el servicio, solo quería dar las gracias.",
    "Quiero darme de baja del plan premium a final de mes.",
  };
  private static final String[] MESSAGE_EN = {
    "Hi, my parcel still has not arrived after five days.",
    "I need to change the shipping address of my order.",
    "I was charged twice for the same order, please check.",
    "I cannot log into my account since yesterday.",
    "The product arrived broken and I want a refund.",
    "Could you send the invoice with my company details?",
  };
  private static final String[] COMPLETION_ES = {
    "Propuesta de respuesta: lamentamos las molestias; hemos revisado su caso y le daremos una solución en 24 horas.",
    "Urgencia: alta. Área: logística. Motivo: pedido incompleto de un cliente recurrente.",
    "La demanda sube por la promoción activa y por las temperaturas más bajas previstas para el fin de semana.",
    "Resumen: el cliente solicita la devolución; se recomienda aceptarla y enviar la etiqueta de envío.",
    "Sentimiento general positivo; los temas más citados son la rapidez de entrega y la atención al cliente.",
    "Recomiendo un descuento del 15% durante dos semanas, limitado a las tallas con más stock.",
    "Hola, gracias por escribirnos. Ya hemos corregido la factura y la recibirá hoy mismo.",
    "No encuentro en el mensaje una fecha de entrega explícita; el importe indicado es el total con impuestos.",
  };
  private static final String[] COMPLETION_EN = {
    "Suggested reply: we are sorry for the trouble; we reviewed your case and will fix it within 24 hours.",
    "Urgency: high. Team: logistics. Reason: incomplete order from a repeat customer.",
    "Demand rises because of the active promotion and the colder weather expected this weekend.",
    "Summary: the customer asks for a refund; approve it and send a return label.",
    "Overall sentiment is positive; delivery speed and support are the most cited topics.",
  };
  private static final String[] EMBED_ES = {
    "Abrigo impermeable de mujer con capucha, talla M, color azul marino.",
    "Política de devoluciones: 30 días desde la entrega con el ticket de compra.",
    "Preguntas frecuentes sobre envíos internacionales y plazos de entrega.",
    "Manual de instalación del router doméstico, modelo de dos bandas.",
    "Condiciones del plan premium: soporte prioritario y envío gratis.",
  };
  private static final String[] EMBED_EN = {
    "Waterproof women's hooded jacket, size M, navy blue.",
    "Return policy: 30 days from delivery with the receipt.",
    "FAQ about international shipping and delivery times.",
  };
  /** Action payloads by action type, in the order of {@link Catalog#ACTION_TYPES}. */
  private static final String[][] PAYLOAD_ES = {
    {
      "Enviar correo de seguimiento al cliente sobre la incidencia abierta.",
      "Enviar confirmación de la devolución y la etiqueta de envío al cliente."
    },
    {
      "Crear ticket de soporte de prioridad media para revisar el cobro duplicado.",
      "Abrir incidencia con logística por pedido incompleto."
    },
    {
      "Reponer existencias en la tienda del centro antes del fin de semana.",
      "Pedir al proveedor 120 unidades adicionales de abrigos talla M."
    },
    {
      "Aplicar descuento de fidelización al cliente por retraso en la entrega.",
      "Aplicar un 15% de descuento en la próxima compra del cliente."
    },
    {"Escalar el caso al equipo de facturación.", "Escalar la reclamación al responsable de tienda."
    },
    {
      "Actualizar la ficha del cliente en el CRM con los nuevos datos de contacto.",
      "Marcar al cliente como riesgo alto de baja en el CRM."
    },
    {
      "Programar una llamada con el cliente mañana por la mañana.",
      "Agendar llamada de retención con el cliente esta semana."
    },
  };

  private static final String[][] PAYLOAD_EN = {
    {"Send a follow-up email to the customer about the open incident."},
    {"Create a medium-priority support ticket to review the duplicate charge."},
    {"Restock the downtown store before the weekend."},
    {"Apply a loyalty discount for the late delivery."},
    {"Escalate the case to the billing team."},
    {"Update the customer record in the CRM with the new contact details."},
    {"Schedule a call with the customer tomorrow morning."},
  };

  // feedback comments: 0 = negative, 1 = neutral, 2 = positive
  private static final String[][] COMMENT_ES = {
    {
      "La predicción está muy lejos de la realidad, no sirve para planificar.",
      "No me gustó nada, se equivocó otra vez.",
      "Pésima estimación, nos quedamos sin stock el sábado.",
      "Cada día peor, los números no cuadran con las ventas.",
      "No entiendo la explicación y el valor es absurdo.",
      "Muy mala, tuvimos que corregirla a mano.",
      "Otra vez falló la previsión, ya no es fiable.",
      "Un desastre, la acción se ejecutó sin sentido.",
      "Nada útil, esperaba algo mucho mejor."
    },
    {
      "Correcto, aunque podría ser más rápido.",
      "Ni bien ni mal.",
      "Es aceptable, sin más.",
      "Cumple, pero la explicación es algo confusa."
    },
    {
      "Muy buena predicción, acertó casi exacto.",
      "Me ayudó mucho a planificar el pedido.",
      "La explicación es clara y útil.",
      "Excelente, funciona muy bien.",
      "No está nada mal, bastante precisa.",
      "Genial, justo lo que necesitaba."
    },
  };
  private static final String[][] COMMENT_EN = {
    {
      "The forecast was way off again.",
      "Not useful at all, the numbers make no sense.",
      "Terrible estimate, we ran out of stock.",
      "I don't trust this anymore."
    },
    {"It's okay, could be faster.", "Fine, nothing special."},
    {
      "Great forecast, almost spot on.",
      "Very helpful for planning.",
      "Clear and useful explanation.",
      "Not bad at all, quite accurate."
    },
  };

  // ------------------------------------------------------------------ PII pieces

  private static final String[] FIRST = {
    "ana",
    "luis",
    "maria",
    "jose",
    "carmen",
    "javier",
    "lucia",
    "diego",
    "sofia",
    "pablo",
    "valentina",
    "mateo",
    "camila",
    "juan",
    "fernanda",
    "joao",
    "gabriel",
    "john",
    "emily",
    "andres",
    "paula",
    "martin",
    "florencia",
    "ricardo"
  };
  private static final String[] LAST = {
    "garcia",
    "rodriguez",
    "martinez",
    "lopez",
    "gonzalez",
    "perez",
    "sanchez",
    "ramirez",
    "torres",
    "flores",
    "silva",
    "souza",
    "oliveira",
    "smith",
    "johnson",
    "fernandez",
    "diaz",
    "morales",
    "castro",
    "vargas",
    "rojas",
    "munoz"
  };
  private static final String[][] DOMAINS = {
    {"gmail.com", "hotmail.es", "outlook.es", "yahoo.es", "telefonica.net"},
    {"gmail.com", "hotmail.com", "yahoo.com.mx", "outlook.com"},
    {"gmail.com", "hotmail.com.ar", "yahoo.com.ar", "fibertel.com.ar"},
    {"gmail.com", "hotmail.com", "outlook.com", "une.net.co"},
    {"gmail.com", "hotmail.cl", "vtr.net"},
    {"gmail.com", "hotmail.com", "outlook.com.pe"},
    {"gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"},
    {"gmail.com", "yahoo.com", "outlook.com", "icloud.com"},
  };
  private static final PiiType[][] COUNTRY_IDS = {
    {PiiType.ES_DNI, PiiType.ES_NIE, PiiType.IBAN},
    {PiiType.MX_CURP, PiiType.MX_RFC},
    {PiiType.AR_CUIT},
    {PiiType.CO_NIT},
    {PiiType.CL_RUT},
    {PiiType.PE_RUC, PiiType.PE_DNI},
    {PiiType.BR_CPF, PiiType.BR_CNPJ},
    {PiiType.CREDIT_CARD},
  };
  private static final String[] MX_AREAS = {"55", "33", "81", "222", "664", "999"};
  /** Mobile prefixes that libphonenumber's metadata accepts (checked against its Colombian and Chilean ranges). */
  private static final String[] CO_MOBILE = {
    "300", "301", "302", "304", "305", "310", "311", "312", "313", "314", "315", "316", "317",
    "318", "319", "320", "321", "322", "323"
  };

  private static final String[] BR_AREAS = {"11", "21", "31", "41", "51", "61", "71", "81"};
  private static final String[] US_AREAS = {
    "212", "312", "415", "617", "646", "713", "305", "202", "206", "512", "303", "404"
  };

  private final Country country;
  private final Rng r;
  private final UnitStats stats;
  private final double validShare;
  private final double lookalikeShare;
  private final StringBuilder sb = new StringBuilder(512);

  Texts(Country country, Rng r, UnitStats stats, GeneratorSpec.PiiPlanting pii) {
    this.country = country;
    this.r = r;
    this.stats = stats;
    this.validShare = pii.validShare();
    this.lookalikeShare = pii.lookalikeShare();
  }

  boolean spanish() {
    return r.chance(country.spanishShare);
  }

  String prompt(boolean es, boolean plant) {
    sb.setLength(0);
    sb.append(r.pick(es ? PROMPT_ES : PROMPT_EN));
    sb.append(es ? " Mensaje del cliente: \"" : " Customer message: \"");
    sb.append(r.pick(es ? MESSAGE_ES : MESSAGE_EN));
    plant(TextField.PROMPT_TEXT, es, plant);
    sb.append('"');
    return sb.toString();
  }

  String completion(boolean es, boolean plant) {
    sb.setLength(0);
    sb.append(r.pick(es ? COMPLETION_ES : COMPLETION_EN));
    plant(TextField.COMPLETION_TEXT, es, plant);
    return sb.toString();
  }

  String embeddingText(boolean es, boolean plant) {
    sb.setLength(0);
    sb.append(r.pick(es ? EMBED_ES : EMBED_EN));
    plant(TextField.PROMPT_TEXT, es, plant);
    return sb.toString();
  }

  String payload(boolean es, int actionType, boolean plant) {
    sb.setLength(0);
    sb.append(r.pick((es ? PAYLOAD_ES : PAYLOAD_EN)[actionType]));
    plant(TextField.PAYLOAD_TEXT, es, plant);
    return sb.toString();
  }

  /** The planted complaint theme (late deliveries): words no other generated comment uses. */
  static final String[][] COMPLAINT = {
    {
      "La entrega llegó tarde otra vez",
      "Entrega tarde: el pedido tardó una semana",
      "Entrega retrasada y tarde, el repartidor no vino",
      "Mi entrega llegó tres días tarde",
      "Otra entrega tarde y nadie avisó"
    },
    {
      "The delivery was late again",
      "Late delivery: my order took a week",
      "Delivery late and the courier never came",
      "My delivery arrived three days late",
      "Another late delivery and nobody told us"
    }
  };

  static final String[][] COMPLAINT_END = {
    {".", ", pésimo servicio.", ", muy mal.", ". Un desastre."},
    {".", ", terrible service.", ", very bad.", ". Awful."}
  };

  /** A complaint of the planted theme, chosen by two uniforms (hashes: no draw from the stream). */
  static String complaint(boolean es, double u, double v) {
    String[] phrases = COMPLAINT[es ? 0 : 1];
    String[] ends = COMPLAINT_END[es ? 0 : 1];
    return phrases[(int) (u * phrases.length)] + ends[(int) (v * ends.length)];
  }

  /** A feedback comment of the given sentiment (0 negative, 1 neutral, 2 positive). */
  String comment(boolean es, int sentiment) {
    sb.setLength(0);
    sb.append(r.pick((es ? COMMENT_ES : COMMENT_EN)[sentiment]));
    plant(TextField.FEEDBACK_COMMENT, es, true);
    return sb.toString();
  }

  private void plant(TextField field, boolean es, boolean plant) {
    if (!plant) {
      return;
    }
    stats.textsTotal[field.ordinal()]++;
    double u = r.u();
    if (u < validShare) {
      stats.textsWithValid[field.ordinal()]++;
      sb.append(' ');
      valid(es);
      if (r.chance(0.2)) {
        sb.append(es ? " y " : " and ");
        valid(es);
      }
      sb.append('.');
    } else if (u < validShare + lookalikeShare) {
      stats.textsWithLookalike[field.ordinal()]++;
      sb.append(' ');
      lookalike(es);
      sb.append('.');
    }
  }

  // ------------------------------------------------------------------ valid personal data

  private void valid(boolean es) {
    double u = r.u();
    PiiType type;
    if (u < 0.22) {
      type = PiiType.EMAIL;
    } else if (u < 0.44) {
      type = PiiType.PHONE;
    } else if (u < 0.52) {
      type = PiiType.CREDIT_CARD;
    } else if (u < 0.57) {
      type = PiiType.IPV4;
    } else if (u < 0.60) {
      type = PiiType.IPV6;
    } else {
      Country c = r.chance(0.85) ? country : r.pick(Country.values());
      type = r.pick(COUNTRY_IDS[c.ordinal()]);
    }
    stats.piiValid[type.ordinal()]++;
    String value = switch (type) {
      case EMAIL -> email();
      case PHONE -> phone(r.chance(0.85) ? country : r.pick(Country.values()), r.chance(0.5));
      case CREDIT_CARD -> IdFormats.formatCard(r, IdFormats.cardNumber(r));
      case IBAN -> IdFormats.formatIban(r, IdFormats.esIban(r));
      case IPV4 -> IdFormats.ipv4(r);
      case IPV6 -> IdFormats.ipv6(r);
      case ES_DNI -> IdFormats.esDni(r);
      case ES_NIE -> IdFormats.esNie(r);
      case MX_CURP -> IdFormats.mxCurp(r);
      case MX_RFC -> IdFormats.mxRfc(r);
      case AR_CUIT -> IdFormats.arCuit(r);
      case CL_RUT -> IdFormats.clRut(r);
      case CO_NIT -> IdFormats.coNit(r);
      case BR_CPF -> IdFormats.brCpf(r);
      case BR_CNPJ -> IdFormats.brCnpj(r);
      case PE_RUC -> IdFormats.peRuc(r);
      case PE_DNI -> IdFormats.peDni(r);
    };
    context(type.name(), es, value);
  }

  private String email() {
    String f = r.pick(FIRST);
    String l = r.pick(LAST);
    String local = switch (r.nextInt(3)) {
      case 0 -> f + "." + l;
      case 1 -> f + "_" + l + r.between(10, 99);
      default -> f + l.charAt(0) + r.between(1960, 2005);
    };
    return local + "@" + r.pick(DOMAINS[country.ordinal()]);
  }

  /** A phone number of a valid range of {@code c}, in national or E.164 form. */
  String phone(Country c, boolean e164) {
    boolean compact = r.chance(0.3);
    switch (c) {
      case ES -> {
        String n = (r.chance(0.8) ? "6" + r.between(0, 9) : "7" + r.between(1, 4)) + r.digits(7);
        String grouped = n.substring(0, 3) + " " + n.substring(3, 5) + " " + n.substring(5, 7) + " "
            + n.substring(7);
        return e164 ? (compact ? "+34" + n : "+34 " + grouped) : (compact ? n : grouped);
      }
      case MX -> {
        String area = r.pick(MX_AREAS);
        String sub = r.between(2, 9) + r.digits(9 - area.length());
        String n = area + sub;
        String grouped =
            area + " " + sub.substring(0, sub.length() - 4) + " " + sub.substring(sub.length() - 4);
        return e164 ? (compact ? "+52" + n : "+52 " + grouped) : (compact ? n : grouped);
      }
      case AR -> {
        String sub = r.between(2, 7) + r.digits(7);
        String dashed = sub.substring(0, 4) + "-" + sub.substring(4);
        return e164 ? (compact ? "+54911" + sub : "+54 9 11 " + dashed) : "011 15-" + dashed;
      }
      case CO -> {
        String n = r.pick(CO_MOBILE) + r.between(2, 9) + r.digits(6);
        String grouped = n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
        return e164 ? (compact ? "+57" + n : "+57 " + grouped) : (compact ? n : grouped);
      }
      case CL -> {
        String n = "9" + r.between(4, 6) + r.between(0, 8) + r.digits(6);
        String grouped = n.charAt(0) + " " + n.substring(1, 5) + " " + n.substring(5);
        return e164 ? (compact ? "+56" + n : "+56 " + grouped) : grouped;
      }
      case PE -> {
        String n = "9" + r.between(4, 9) + r.digits(7);
        String grouped = n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
        return e164 ? (compact ? "+51" + n : "+51 " + grouped) : (compact ? n : grouped);
      }
      case BR -> {
        String area = r.pick(BR_AREAS);
        String sub = "9" + r.between(6, 9) + r.digits(7);
        String dashed = sub.substring(0, 5) + "-" + sub.substring(5);
        return e164
            ? (compact ? "+55" + area + sub : "+55 " + area + " " + dashed)
            : "(" + area + ") " + dashed;
      }
      default -> {
        String area = r.pick(US_AREAS);
        String exchange;
        do {
          exchange = r.between(2, 9) + r.digits(2);
        } while (exchange.endsWith("11") || exchange.equals("555"));
        String line = r.digits(4);
        return e164
            ? (compact ? "+1" + area + exchange + line : "+1 " + area + " " + exchange + " " + line)
            : "(" + area + ") " + exchange + "-" + line;
      }
    }
  }

  // ------------------------------------------------------------------ look-alikes

  private void lookalike(boolean es) {
    double u = r.u();
    Lookalike kind;
    String value;
    if (u < 0.55) {
      Country c = r.chance(0.85) ? country : r.pick(Country.values());
      PiiType t = r.chance(0.15) ? PiiType.CREDIT_CARD : r.pick(COUNTRY_IDS[c.ordinal()]);
      kind = Lookalike.valueOf(t.name());
      value = invalid(t);
    } else if (u < 0.60) {
      kind = Lookalike.IPV4;
      value = r.between(256, 999) + "." + r.nextInt(256) + "." + r.nextInt(256) + "."
          + r.between(1, 254);
    } else if (u < 0.72) {
      kind = Lookalike.ORDER_NUMBER;
      value = switch (r.nextInt(3)) {
        case 0 -> "PED-2026-" + r.digits(6);
        case 1 -> "ORD-" + (char) ('A' + r.nextInt(26)) + r.digits(7);
        default -> "#" + r.digits(5) + "-" + r.digits(2);
      };
    } else if (u < 0.82) {
      kind = Lookalike.UUID;
      value = Formats.uuid(r.nextLong(), r.nextLong());
    } else if (u < 0.91) {
      kind = Lookalike.TIMESTAMP;
      long ms = 1_790_000_000_000L + r.betweenLong(0, 40_000_000_000L);
      String iso = Formats.instantString(ms);
      value = r.chance(0.5) ? iso : iso.substring(0, 10) + " " + iso.substring(11, 19);
    } else {
      kind = Lookalike.FLOAT;
      value = Formats.fixed(r.u() * 99_999, 2 + r.nextInt(3));
    }
    stats.piiLookalike[kind.ordinal()]++;
    context(kind.name(), es, value);
  }

  /** A value of {@code t}'s shape whose check digit is wrong and which no other numeric check accepts. */
  private String invalid(PiiType t) {
    while (true) {
      String v = switch (t) {
        case CREDIT_CARD ->
          IdFormats.formatCard(
              r,
              IdFormats.breakLast(
                  r, IdFormats.cardNumber(r), IdFormats.DIGITS, Validators::luhnValid));
        case IBAN -> {
          String iban = IdFormats.esIban(r);
          int cd = Integer.parseInt(iban.substring(2, 4));
          int wrong = 2 + Math.floorMod(cd - 2 + r.between(1, 95), 97);
          String s = iban.substring(0, 2)
              + (wrong < 10 ? "0" + wrong : Integer.toString(wrong))
              + iban.substring(4);
          yield IdFormats.formatIban(r, s);
        }
        case ES_DNI ->
          IdFormats.breakLast(
              r, IdFormats.esDni(r), "TRWAGMYFPDXBNJZSQVHLCKE", Validators::esDniValid);
        case ES_NIE ->
          IdFormats.breakLast(
              r, IdFormats.esNie(r), "TRWAGMYFPDXBNJZSQVHLCKE", Validators::esNieValid);
        case MX_CURP ->
          IdFormats.breakLast(r, IdFormats.mxCurp(r), IdFormats.DIGITS, Validators::mxCurpValid);
        case MX_RFC ->
          IdFormats.breakLast(r, IdFormats.mxRfc(r), "0123456789A", Validators::mxRfcValid);
        case AR_CUIT ->
          IdFormats.breakLast(r, IdFormats.arCuit(r), IdFormats.DIGITS, Validators::arCuitValid);
        case CL_RUT ->
          IdFormats.breakLast(r, IdFormats.clRut(r), "0123456789K", Validators::clRutValid);
        case CO_NIT ->
          IdFormats.breakLast(r, IdFormats.coNit(r), IdFormats.DIGITS, Validators::coNitValid);
        case BR_CPF ->
          IdFormats.breakLast(r, IdFormats.brCpf(r), IdFormats.DIGITS, Validators::brCpfValid);
        case BR_CNPJ ->
          IdFormats.breakLast(r, IdFormats.brCnpj(r), IdFormats.DIGITS, Validators::brCnpjValid);
        case PE_RUC ->
          IdFormats.breakLast(r, IdFormats.peRuc(r), IdFormats.DIGITS, Validators::peRucValid);
        case PE_DNI -> {
          String dni = String.format("%08d", r.betweenLong(10_000_000L, 79_999_999L));
          yield IdFormats.breakLast(
              r,
              dni + "-" + Validators.peDniCheckChars(dni).charAt(0),
              IdFormats.DIGITS,
              Validators::peDniValid);
        }
        default -> throw new IllegalArgumentException(t.name());
      };
      if (!Validators.anyNumericIdValid(Validators.compact(v))) {
        return v;
      }
    }
  }

  // ------------------------------------------------------------------ context phrases

  private void context(String type, boolean es, String v) {
    if (r.chance(0.15)) {
      sb.append('(').append(v).append(')');
      return;
    }
    String pre = switch (type) {
      case "EMAIL" ->
        es
            ? r.pick(new String[] {"mi correo es ", "escríbeme a ", "email: "})
            : r.pick(new String[] {"my email is ", "write to ", "email: "});
      case "PHONE" ->
        es
            ? r.pick(new String[] {"mi teléfono es ", "llámame al ", "móvil ", "tel. "})
            : r.pick(new String[] {"my phone is ", "call me at ", "mobile "});
      case "CREDIT_CARD" ->
        es
            ? r.pick(new String[] {"pagué con la tarjeta ", "número de tarjeta "})
            : r.pick(new String[] {"I paid with card ", "card number "});
      case "IBAN" ->
        es ? r.pick(new String[] {"cuenta IBAN ", "transferencia a la cuenta "}) : "IBAN ";
      case "IPV4", "IPV6" ->
        es
            ? r.pick(new String[] {"conectado desde la IP ", "dirección IP "})
            : r.pick(new String[] {"connected from IP ", "IP address "});
      case "ES_DNI" -> es ? r.pick(new String[] {"mi DNI es ", "DNI "}) : "my Spanish ID (DNI) is ";
      case "ES_NIE" -> es ? "mi NIE es " : "NIE ";
      case "MX_CURP" -> "CURP ";
      case "MX_RFC" -> es ? r.pick(new String[] {"RFC ", "mi RFC es "}) : "RFC ";
      case "AR_CUIT" -> r.pick(new String[] {"CUIT ", "CUIL "});
      case "CL_RUT" -> es ? r.pick(new String[] {"RUT ", "mi RUT es "}) : "RUT ";
      case "CO_NIT" -> "NIT ";
      case "BR_CPF" -> "CPF ";
      case "BR_CNPJ" -> "CNPJ ";
      case "PE_RUC" -> "RUC ";
      case "PE_DNI" -> es ? "DNI " : "Peruvian DNI ";
      case "ORDER_NUMBER" ->
        es ? r.pick(new String[] {"pedido nº ", "número de pedido "}) : "order ";
      case "UUID" ->
        es
            ? r.pick(new String[] {"referencia ", "id de sesión "})
            : r.pick(new String[] {"reference ", "session id "});
      case "TIMESTAMP" -> es ? "registrado el " : "logged at ";
      case "FLOAT" ->
        es
            ? r.pick(new String[] {"importe ", "ratio "})
            : r.pick(new String[] {"amount ", "ratio "});
      default -> "";
    };
    sb.append(pre).append(v);
  }
}
