#!/usr/bin/python3
"""Makes the privacy scan's evaluation corpus and validator vectors, labelled by independent code.

Every identifier is built and labelled with python-stdnum (Arthur de Jong's implementations of the
national schemes) and every phone number with python-phonenumbers (the Python port of Google's
libphonenumber), not with vigia's own validators, so the Java detector is measured against an
independent reference.

  validator_vectors.tsv  type <TAB> value <TAB> valid(true|false): random candidates of each ID's
                         shape, the label is stdnum's is_valid (plus vigia's documented extra rules,
                         applied here and named in the comments below).
  pii_corpus.tsv         lang <TAB> tenant_country <TAB> kind <TAB> text <TAB> labels (about 60,000 lines),
                         lang in es, pt, en; labels = type:start:end;... with the type's wire name (email, phone,
                         credit_card, iban, ipv4, ipv6, person_name, address, es_dni, ... pe_dni) and the offsets of
                         the value in text (Python str offsets, equal to Java's UTF-16 offsets because all text is in
                         the BMP); empty when the line holds no personal data. kind is one of
      pii       a valid identifier, phone, e-mail or IP address planted after (mostly) a context word; labelled.
      decoy     the same with a wrong check digit (or a broken shape): no personal data, labels empty.
      plain     non-PII numbers: order numbers, timestamps, UUIDs, amounts, versions, epoch ms, postcodes.
      business  a micropyme's messages (orders, invoices, delivery notes, tickets, tracking numbers in the carriers'
                formats, SKUs and EAN-13s, amounts in each country's format, dates, postcodes, transfer and Pix
                references), no personal data. Over 40 % carry a HARD NEGATIVE: a business number, introduced by a
                business word ("pedido nº", "order #", "nota fiscal", ...), that passes a check: a valid phone number
                of the tenant's country per phonenumbers, an 8-digit number (a Peruvian DNI's shape), 11 digits that
                br.cpf / ar.cuit / pe.ruc accept, 14 digits that br.cnpj accepts, 13-19 digits with a card prefix
                that pass Luhn. Also the names-and-addresses negatives: shop, brand, product and city names, streets
                without a house number, months and weekdays. Each line is checked to hold no e-mail, IPv4, IBAN or
                letter-bearing national id before it is kept.
      mixed     business numbers (mostly hard negatives) and a real identifier, phone, card, IBAN, e-mail or IP in
                the same sentence; the personal value has its own context word right before it, or (phones) is in
                international or grouped form; only the personal values are labelled.
      name      a person's name (faker first names, one or two surnames, particles de/del/da/dos) after a cue
                ("Me llamo", "Atentamente,", "Cliente:", "Hi, this is"), after a title (only the name is labelled,
                not "Sr."/"Mr."), or mid-sentence with no cue; labelled person_name.
      address   a street address of ES, MX, CO, AR, CL, PE, BR, PT, US, GB or AU; the address label spans from the
                street type word to the end of the house number and floor/door/unit part (not the neighbourhood,
                postal code or city); English addresses start with the house number, so their span starts there.

The pii/decoy/plain lines in es and en are the original 17,200 lines (same random stream, seed 20261128); the
validator vectors follow from that stream and are unchanged. Every line added after them (pt variants, business,
mixed, name, address) comes from a second stream, seed 20261206. The script prints a summary: lines per kind and
language, labelled values per type and the hard negatives planted and recounted.

Names, surnames, street names and city names come from faker_people.json, extracted from @faker-js/faker 10.6.0
(MIT) by extract_faker_people.mjs:
    npm install --prefix /tmp/fk @faker-js/faker@10.6.0 && node extract_faker_people.mjs /tmp/fk

Run with Debian's python3 (python3-stdnum 1.18, python3-phonenumbers 8.12.57); deterministic:
    cd common/src/test/resources/privacy && /usr/bin/python3 make_pii_corpus.py
"""
import json
import os
import random
import re
import string
import uuid
from collections import Counter

import phonenumbers
from phonenumbers import PhoneNumberFormat
from stdnum import ean, iban, luhn
from stdnum.ar import cuit
from stdnum.br import cnpj, cpf
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import cif, dni, nie
from stdnum.mx import curp, rfc
from stdnum.pe import cui, ruc

R = random.Random(20261128)
D = string.digits
COUNTRIES = ["ES", "MX", "AR", "CO", "CL", "PE", "BR", "US"]


def digits(n):
    return "".join(R.choice(D) for _ in range(n))


def group3(s, sep="."):
    out = []
    while len(s) > 3:
        out.insert(0, s[-3:])
        s = s[:-3]
    out.insert(0, s)
    return sep.join(out)


# ---------------------------------------------------------------- valid identifiers (stdnum check digits)

def g_card():
    p = R.choice(["4", "51", "52", "53", "54", "55", "34", "37", "6011", "2221"])
    n = 15 if p in ("34", "37") else 16
    body = p + digits(n - 1 - len(p))
    v = body + luhn.calc_check_digit(body)
    sty = R.randrange(3)
    if sty == 0:
        return v
    sep = " " if sty == 1 else "-"
    if n == 15:
        return v[:4] + sep + v[4:10] + sep + v[10:]
    return sep.join(v[i:i + 4] for i in range(0, 16, 4))


ES_BANKS = ["2100", "0049", "0182", "0081", "2085", "0128", "0075", "1465"]


def g_iban():
    cc = R.choice(["ES", "ES", "ES", "DE", "FR", "PT", "IT"])
    if cc == "ES":
        from stdnum.es import ccc
        bank, branch, acct = R.choice(ES_BANKS), digits(4), digits(10)
        cd = ccc.calc_check_digits(bank + branch + "00" + acct)
        bban = bank + branch + cd + acct
    elif cc == "DE":
        bban = digits(18)
    elif cc == "FR":
        bban = digits(10) + "".join(R.choice(D + string.ascii_uppercase) for _ in range(11)) + digits(2)
    elif cc == "PT":
        bban = digits(21)
    else:
        bban = R.choice(string.ascii_uppercase) + digits(10) + "".join(R.choice(D + string.ascii_uppercase) for _ in range(12))
    v = cc + "00" + bban
    v = cc + iban.calc_check_digits(v) + bban
    if not iban.is_valid(v):
        return g_iban()
    return v if R.random() < 0.5 else " ".join(v[i:i + 4] for i in range(0, len(v), 4))


def g_es_dni():
    n = digits(8)
    return n + dni.calc_check_digit(n)


def g_es_nie():
    n = R.choice("XYZ") + digits(7)
    return n + nie.calc_check_digit(n)


def g_es_cif():
    k = R.choice("ABCDEFGHJNPQRSUVW")
    body = k + R.choice(["08", "28", "46", "41", "48", "15"]) + digits(5)
    d_, l_ = cif.calc_check_digits(body)
    if k in "PQRSNW":
        return body + l_
    if k in "ABEH":
        return body + d_
    return body + R.choice([d_, l_])


CURP_STATES = ["AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC", "MN",
               "MS", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS", "VZ", "YN", "ZS"]
CONS = "BCDFGHJLMNPRSTVZ"


def name4():
    return R.choice(CONS) + R.choice("AEIOU") + R.choice(CONS) + R.choice(string.ascii_uppercase)


def date6(lo=1950, hi=2005):
    y = R.randint(lo, hi)
    return "%02d%02d%02d" % (y % 100, R.randint(1, 12), R.randint(1, 28)), y


def g_mx_curp():
    while True:
        d6, y = date6(1955, 2006)
        body = name4() + d6 + R.choice("HM") + R.choice(CURP_STATES) + "".join(R.choice("BCDFGHJKLMNPRSTVZ") for _ in range(3))
        body += R.choice(D) if y < 2000 else R.choice(string.ascii_uppercase)
        v = body + curp.calc_check_digit(body + "0")
        if curp.is_valid(v):
            return v


def rfc_valid(v):
    """stdnum checks an RFC's check digit only when asked (SAT issued some with wrong ones); vigia asks."""
    try:
        rfc.validate(v, validate_check_digits=True)
        return True
    except Exception:
        return False


def g_mx_rfc():
    while True:
        company = R.random() < 0.3
        d6, _ = date6(1980 if company else 1950, 2020 if company else 2005)
        body = (name4()[:3] if company else name4()) + d6 + R.choice("123456789ABCDEFGHIJKLMNPQRSTUV") \
            + R.choice("123456789ABCDEFGHIJKLMNPQRSTUVWXYZ")
        v = body + rfc.calc_check_digit(body + "0")
        if rfc_valid(v):
            return v


def g_ar_cuit():
    while True:
        body = R.choice(["20", "23", "24", "27", "30", "33"]) + "%08d" % R.randint(5000000, 45999999)
        c = cuit.calc_check_digit(body)
        v = body + c
        if len(c) == 1 and cuit.is_valid(v):
            return R.choice([v[:2] + "-" + v[2:10] + "-" + v[10], v])


def g_cl_rut():
    b = str(R.randint(3000000, 26999999))
    v = b + rut.calc_check_digit(b)
    return (group3(b) if R.random() < 0.7 else b) + "-" + v[-1]


def g_co_nit():
    b = str(R.randint(800000000, 999999999))
    return (group3(b) if R.random() < 0.6 else b) + "-" + nit.calc_check_digit(b)


def g_br_cpf():
    while True:
        v = digits(11)
        if cpf.is_valid(v):
            return v[:3] + "." + v[3:6] + "." + v[6:9] + "-" + v[9:] if R.random() < 0.8 else v


def g_br_cnpj():
    body = "%08d" % R.randint(1000000, 99999999) + "000" + str(R.randint(1, 4))
    v = body + cnpj.calc_check_digits(body)
    return v[:2] + "." + v[2:5] + "." + v[5:8] + "/" + v[8:12] + "-" + v[12:] if R.random() < 0.8 else v


def g_pe_ruc():
    body = R.choice(["10", "20"]) + "%08d" % R.randint(10000000, 99999999)
    return body + ruc.calc_check_digit(body)


def g_pe_dni():
    n = "%08d" % R.randint(10000000, 79999999)
    # the bare 8-digit DNI has no check character: it is only recognisable with a context word (see below)
    return n + "-" + cui.calc_check_digits(n)[0] if R.random() < 0.5 else n


def g_email():
    f = R.choice(["ana", "luis", "maria", "jose", "carmen", "javier", "lucia", "diego", "john", "emily", "joao"])
    l = R.choice(["garcia", "lopez", "perez", "silva", "smith", "rojas", "munoz", "diaz"])
    dom = R.choice(["gmail.com", "hotmail.es", "yahoo.com.mx", "outlook.com", "empresa.com.ar", "uol.com.br",
                    "correo.cl", "mail.co", "tienda-online.pe", "example.org"])
    return R.choice([f + "." + l, f + "_" + l + str(R.randint(10, 99)), f + l[0] + str(R.randint(1960, 2005))]) + "@" + dom


def g_ipv4():
    a = R.choice([x for x in range(1, 224) if x not in (10, 127)])
    return "%d.%d.%d.%d" % (a, R.randrange(256), R.randrange(256), R.randint(1, 254))


def g_ipv6():
    p = R.choice(["2a02", "2001", "2804", "2800", "2806", "2a01", "2600"])
    if R.random() < 0.5:
        return p + "".join(":%x" % R.randrange(65536) for _ in range(7))
    return p + "".join(":%x" % R.randrange(65536) for _ in range(2)) + "::%x" % R.randint(1, 65535)


PHONE_FMT = [PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL]

PHONE_META = {"ES": (9, ["6", "7", "9"]), "MX": (10, ["55", "33", "81", "22", "66"]), "AR": (10, ["11", "351", "341"]),
              "CO": (10, ["30", "31", "32"]), "CL": (9, ["9", "2"]), "PE": (9, ["9"]), "BR": (11, ["119", "219", "319", "619"]),
              "US": (10, ["212", "415", "617", "646", "713", "305", "202", "206", "512"])}


def g_phone(country):
    """A valid mobile or fixed number of the country, by phonenumbers, in E.164, international or national form."""
    n, pre = PHONE_META[country]
    while True:
        p = R.choice(pre)
        nat = p + digits(n - len(p))
        num = phonenumbers.parse(nat, country)
        if phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == country:
            f = R.choice(PHONE_FMT)
            return phonenumbers.format_number(num, f), f


VALID = {
    "credit_card": g_card, "iban": g_iban, "es_dni": g_es_dni, "es_nie": g_es_nie, "es_cif": g_es_cif,
    "mx_curp": g_mx_curp, "mx_rfc": g_mx_rfc, "ar_cuit": g_ar_cuit, "cl_rut": g_cl_rut, "co_nit": g_co_nit,
    "br_cpf": g_br_cpf, "br_cnpj": g_br_cnpj, "pe_ruc": g_pe_ruc, "pe_dni": g_pe_dni,
}
COUNTRY_OF = {"es_dni": "ES", "es_nie": "ES", "es_cif": "ES", "mx_curp": "MX", "mx_rfc": "MX", "ar_cuit": "AR",
              "cl_rut": "CL", "co_nit": "CO", "br_cpf": "BR", "br_cnpj": "BR", "pe_ruc": "PE", "pe_dni": "PE"}

CHECKS = {
    "credit_card": luhn.is_valid, "iban": iban.is_valid, "es_dni": dni.is_valid, "es_nie": nie.is_valid,
    "es_cif": cif.is_valid, "mx_curp": curp.is_valid, "mx_rfc": lambda v: rfc_valid(v), "ar_cuit": cuit.is_valid,
    "cl_rut": rut.is_valid, "co_nit": nit.is_valid, "br_cpf": cpf.is_valid, "br_cnpj": cnpj.is_valid,
    "pe_ruc": ruc.is_valid, "pe_dni": lambda v: len(v.replace("-", "")) == 9 and cui.is_valid(v),
}


def any_valid(v, country):
    """True when any scheme accepts v, or v is a bare number that is a valid phone number of the tenant's country."""
    c = v.replace(" ", "").replace(".", "").replace("-", "").replace("/", "")
    for t, f in CHECKS.items():
        try:
            if t == "credit_card" and not (13 <= len(c) <= 19 and c.isdigit()):
                continue
            if f(c):
                return True
        except Exception:
            pass
    try:
        if v.isdigit() and phonenumbers.is_valid_number(phonenumbers.parse(v, country)):
            return True
    except Exception:
        pass
    return False


def decoy(t, country):
    """The same shape with one character changed so that no scheme (nor a phone) accepts it."""
    while True:
        v = VALID[t]()
        if t == "pe_dni" and "-" not in v:
            continue
        i = max(i for i, ch in enumerate(v) if ch.isalnum())
        alphabet = "TRWAGMYFPDXBNJZSQVHLCKE" if v[i].isalpha() else D
        w = v[:i] + R.choice(alphabet.replace(v[i], "")) + v[i + 1:]
        if t == "iban":  # break the IBAN check digits instead
            c = v.replace(" ", "")
            cd = "%02d" % ((int(c[2:4]) + R.randint(1, 90)) % 97 + 2 if int(c[2:4]) < 95 else 3)
            w = c[:2] + cd + c[4:]
        if not any_valid(w, country):
            return w


# ---------------------------------------------------------------- context words

CTX = {
    "es": {"email": ["mi correo es", "escríbeme a", "email:", "correo electrónico"],
           "phone": ["mi teléfono es", "llámame al", "móvil", "tel.", "whatsapp"],
           "credit_card": ["pagué con la tarjeta", "número de tarjeta", "tarjeta de crédito"],
           "iban": ["cuenta IBAN", "transferencia a la cuenta", "IBAN"], "ipv4": ["conectado desde la IP", "dirección IP"],
           "ipv6": ["conectado desde la IP", "dirección IP"], "es_dni": ["mi DNI es", "DNI", "NIF"],
           "es_nie": ["mi NIE es", "NIE"], "es_cif": ["CIF de la empresa", "CIF"], "mx_curp": ["CURP", "mi CURP es"],
           "mx_rfc": ["RFC", "mi RFC es"], "ar_cuit": ["CUIT", "CUIL"], "cl_rut": ["RUT", "mi RUT es"],
           "co_nit": ["NIT", "el NIT es"], "br_cpf": ["CPF"], "br_cnpj": ["CNPJ"], "pe_ruc": ["RUC"],
           "pe_dni": ["DNI", "documento de identidad"]},
    "en": {"email": ["my email is", "write to", "email:"], "phone": ["my phone is", "call me at", "mobile"],
           "credit_card": ["I paid with card", "card number"], "iban": ["IBAN", "bank account"],
           "ipv4": ["connected from IP", "IP address"], "ipv6": ["connected from IP", "IP address"],
           "es_dni": ["my Spanish ID (DNI) is", "DNI"], "es_nie": ["NIE"], "es_cif": ["company CIF"],
           "mx_curp": ["CURP"], "mx_rfc": ["tax id RFC"], "ar_cuit": ["CUIT"], "cl_rut": ["RUT"], "co_nit": ["NIT"],
           "br_cpf": ["CPF"], "br_cnpj": ["CNPJ"], "pe_ruc": ["RUC"], "pe_dni": ["Peruvian DNI", "DNI"]},
}
CTX["pt"] = {"email": ["meu e-mail é", "escreva para", "e-mail:"],
             "phone": ["meu telefone é", "me liga no", "celular", "tel.", "whatsapp"],
             "credit_card": ["paguei com o cartão", "número do cartão", "cartão de crédito"],
             "iban": ["conta IBAN", "transferência para a conta", "IBAN"], "ipv4": ["conectado do IP", "endereço IP"],
             "ipv6": ["conectado do IP", "endereço IP"], "es_dni": ["DNI espanhol", "DNI"], "es_nie": ["NIE"],
             "es_cif": ["CIF da empresa", "CIF"], "mx_curp": ["CURP"], "mx_rfc": ["RFC"], "ar_cuit": ["CUIT"],
             "cl_rut": ["RUT"], "co_nit": ["NIT"], "br_cpf": ["CPF", "meu CPF é", "CPF do titular"],
             "br_cnpj": ["CNPJ", "CNPJ da empresa"], "pe_ruc": ["RUC"], "pe_dni": ["DNI peruano", "DNI"]}
OPEN = {"es": ["Hola, ", "Buenas tardes. ", "Cliente: ", "Nota interna: ", "", "Por favor revisen el caso; "],
        "en": ["Hi, ", "Customer: ", "Internal note: ", "", "Please check; "],
        "pt": ["Olá, ", "Boa tarde. ", "Cliente: ", "Nota interna: ", "", "Por favor verifiquem o caso; "]}
CLOSE = {"es": [". Gracias.", ", el pedido no ha llegado.", ".", " y quiero la factura.", " — urgente."],
         "en": [". Thanks.", ", my parcel has not arrived.", ".", " and I need the invoice."],
         "pt": [". Obrigado.", ", o pedido não chegou.", ".", " e quero a nota fiscal.", " — urgente."]}


PN = {  # order, reference, logged, amount, zip, invoice, tokens, date
    "es": ("pedido nº ", "referencia ", "registrado el ", "importe ", "código postal ", "factura F-2026/",
           "%d tokens en %d ms", "el %02d/%02d/2026 a las %02d:%02d"),
    "en": ("order ", "reference ", "logged at ", "amount ", "zip ", "invoice F-2026/",
           "%d tokens in %d ms", "on %02d/%02d/2026 at %02d:%02d"),
    "pt": ("pedido nº ", "referência ", "registrado em ", "valor ", "CEP ", "nota fiscal NF-2026/",
           "%d tokens em %d ms", "em %02d/%02d/2026 às %02d:%02d"),
}


def plain_number(lang):
    w = PN[lang]
    k = R.randrange(12)
    if k == 0:
        return w[0] + "PED-2026-" + digits(6)
    if k == 1:
        return "ORD-" + R.choice(string.ascii_uppercase) + digits(7)
    if k == 2:
        return w[1] + str(uuid.UUID(int=R.getrandbits(128)))
    if k == 3:
        return w[2] + "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            R.randint(1, 12), R.randint(1, 28), R.randrange(24), R.randrange(60), R.randrange(60), R.randrange(1000))
    if k == 4:
        return w[3] + "%.2f" % (R.random() * 99999)
    if k == 5:
        return "ratio " + "%.6f" % R.random()
    if k == 6:
        return "ts=" + str(1790000000000 + R.randrange(40000000000))
    if k == 7:
        return w[4] + (digits(5) + "-" + digits(3) if lang == "pt" else digits(5))
    if k == 8:
        return "v%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 99))
    if k == 9:
        return w[5] + digits(5)
    if k == 10:
        return w[6] % (R.randint(10, 99999), R.randint(50, 30000))
    return w[7] % (R.randint(1, 28), R.randint(1, 12), R.randrange(24), R.randrange(60))


TYPES = list(VALID) + ["email", "phone", "ipv4", "ipv6"]


def value_of(t, country):
    if t == "email":
        return g_email()
    if t == "phone":
        return g_phone(country)[0]
    if t == "ipv4":
        return g_ipv4()
    if t == "ipv6":
        return g_ipv6()
    return VALID[t]()


def pii_line(t, valid, lang=None):
    if lang is None:
        lang = "es" if R.random() < 0.7 else "en"
    if t in COUNTRY_OF:
        country = COUNTRY_OF[t] if R.random() < 0.9 else R.choice(COUNTRIES)
    else:
        country = R.choice(COUNTRIES)
    if valid:
        v = value_of(t, country)
    elif t in VALID:
        v = decoy(t, country)
    elif t == "email":
        v = R.choice(["ana.garcia@", "@soporte", "usuario@localhost", "ventas(at)tienda.com", "a@b"])
    elif t == "phone":
        v = "+" + R.choice(["34", "52", "1"]) + " " + digits(R.randint(3, 5))
    elif t == "ipv4":
        v = "%d.%d.%d.%d" % (R.randint(256, 999), R.randrange(256), R.randrange(256), R.randint(1, 254))
    else:
        v = "%02d:%02d:%02d" % (R.randrange(24), R.randrange(60), R.randrange(60))
    # a bare 8-digit Peruvian DNI is any 8-digit number: it is personal data only where a word says so
    ctx = valid and t == "pe_dni" and len(v) == 8 or R.random() < 0.7
    pre = R.choice(OPEN[lang])
    mid = (R.choice(CTX[lang][t]) + " ") if ctx else R.choice(["(", ""])
    post = (")" if mid == "(" else "") + R.choice(CLOSE[lang])
    extra = ""
    if R.random() < 0.3:
        extra = "; " + plain_number(lang)
    text = pre + mid
    start = len(text)
    text += v
    end = len(text)
    text += post + extra
    labels = "%s:%d:%d" % (t, start, end) if valid else ""
    return lang, country, "pii" if valid else "decoy", text, labels


def plain_line(lang=None):
    if lang is None:
        lang = "es" if R.random() < 0.7 else "en"
    parts = [R.choice(OPEN[lang]).strip() or {"es": "Resumen", "en": "Summary", "pt": "Resumo"}[lang]]
    for _ in range(R.randint(1, 3)):
        parts.append(plain_number(lang))
    return lang, R.choice(COUNTRIES), "plain", " ".join(parts) + R.choice(CLOSE[lang]), ""


# ================================================================ the larger corpus: business, mixed, name, address lines
# Everything below draws from its own random stream (R is re-seeded with SEED2 once the original lines and the
# validator vectors are made), so validator_vectors.tsv and the original lines do not change.

SEED2 = 20261206
HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "faker_people.json"), encoding="utf-8") as _f:
    FAKER = json.load(_f)["locales"]
UP = string.ascii_uppercase
LANG_OF_LOCALE = {"es": ["es", "es_MX"], "pt": ["pt_BR", "pt_PT"], "en": ["en_US", "en_GB", "en_AU"]}
HARD = Counter()   # (kind, category) -> hard negatives planted, each introduced by a business word


def pick_lang():
    x = R.random()
    return "es" if x < 0.45 else "pt" if x < 0.75 else "en"


def tenant_of(lang):
    if lang == "es":
        return R.choice(["ES", "ES", "MX", "MX", "AR", "CO", "CL", "PE"])
    if lang == "pt":
        return "BR" if R.random() < 0.85 else R.choice(COUNTRIES)
    return "US" if R.random() < 0.6 else R.choice(COUNTRIES)


def cap(s):
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------- hard negatives: business numbers that pass a check

HN_PHONE = {"ES": [(9, "6"), (9, "7"), (9, "9"), (9, "8")],
            "MX": [(10, p) for p in ("55", "33", "81", "22", "66", "442", "999", "614")],
            "AR": [(10, p) for p in ("11", "351", "341", "261", "221")],
            "CO": [(10, p) for p in ("30", "31", "32", "35", "601", "604")],
            "CL": [(9, "9"), (9, "2"), (9, "3")], "PE": [(9, "9")],
            "BR": [(11, p) for p in ("119", "219", "319", "619", "719")] + [(10, "11"), (10, "21"), (10, "31")],
            "US": [(10, p) for p in ("212", "415", "617", "646", "713", "305", "202", "206", "512", "800")]}
CARD_PREFIXES = ["4", "51", "52", "53", "54", "55", "34", "37", "6011", "2221", "35", "62"]


def phone_valid(n, country):
    try:
        num = phonenumbers.parse(n, country)
        return phonenumbers.is_valid_number(num) and phonenumbers.region_code_for_number(num) == country
    except Exception:
        return False


def hn_phone(country):
    """A bare number of the length and prefix of the country's phone numbers that phonenumbers accepts."""
    while True:
        n, p = R.choice(HN_PHONE[country])
        v = p + digits(n - len(p))
        if phone_valid(v, country):
            return v


def hn_checksum11():
    """11 random digits kept only when br.cpf, ar.cuit or pe.ruc accepts them."""
    kind = R.choice(["cpf", "cuit", "ruc"])
    while True:
        if kind == "cpf":
            v = digits(11)
            if cpf.is_valid(v):
                return v
        elif kind == "cuit":
            v = R.choice(["20", "23", "24", "27", "30", "33"]) + digits(9)
            if cuit.is_valid(v):
                return v
        else:
            v = R.choice(["10", "20"]) + digits(9)
            if ruc.is_valid(v):
                return v


def hn_cnpj():
    while True:
        v = digits(14)
        if cnpj.is_valid(v):
            return v


def hn_luhn():
    """A 13-19 digit reference with a card-like prefix, kept only when it passes Luhn."""
    while True:
        p = R.choice(CARD_PREFIXES)
        v = p + digits(R.randint(13, 19) - len(p))
        if luhn.is_valid(v):
            return v


def hard_negative(country):
    x = R.random()
    if x < 0.45:
        return hn_phone(country), "phone_valid"
    if x < 0.60:
        return "%08d" % R.randint(10000000, 99999999), "eight_digits"
    if x < 0.78:
        return hn_checksum11(), "checksum_id"
    if x < 0.85:
        return hn_cnpj(), "checksum_id"
    return hn_luhn(), "luhn"


BIZ_WORDS = {
    "es": ["pedido", "orden", "nº de pedido", "pedido nº", "n.º de pedido", "número de pedido", "factura", "albarán",
           "boleta", "ticket", "referencia", "ref.", "guía", "seguimiento", "número de seguimiento", "envío", "código",
           "cód.", "cliente nº", "nº de cliente", "código de cliente", "transferencia ref.", "localizador", "expediente"],
    "pt": ["pedido", "pedido nº", "número do pedido", "nota fiscal", "NF-e", "boleto", "rastreio", "código de rastreio",
           "envio", "código", "código do cliente", "referência", "protocolo", "fatura"],
    "en": ["order", "order no.", "order number", "invoice", "tracking", "tracking number", "shipment", "ticket",
           "reference", "ref", "customer no.", "booking", "account ref"],
}
LINKS = {"es": ["", "", "", " nº", " n.º", " #", ":", " número", " Nº"],
         "pt": ["", "", "", " nº", " n.º", " #", ":", " número"],
         "en": ["", "", "", " no.", " #", ":", " number", " No."]}


def biz_word_number(lang, number):
    """A business word directly before the number, e.g. 'pedido nº 612345678', 'order #4155550123'."""
    w = R.choice(BIZ_WORDS[lang])
    link = "" if any(x in w.lower() for x in ("nº", "n.º", "no.", "número", "number")) else R.choice(LINKS[lang])
    sep = "" if link == " #" and R.random() < 0.6 else " "
    return w + link + sep + number


# ---------------------------------------------------------------- business numbers that pass no check by construction

def alnum(n, alphabet=UP + D):
    return "".join(R.choice(alphabet) for _ in range(n))


def s10(prefix, country):
    """A UPU S10 item id with its mod-11 check digit (weights 8 6 4 2 3 5 9 7)."""
    b = digits(8)
    c = 11 - sum(int(x) * w for x, w in zip(b, (8, 6, 4, 2, 3, 5, 9, 7))) % 11
    c = 0 if c == 10 else 5 if c == 11 else c
    return prefix + b + str(c) + country


S10_COUNTRY = {"ES": "ES", "MX": "MX", "AR": "AR", "CO": "CO", "CL": "CL", "PE": "PE", "BR": "BR", "US": "US"}


def tracking(country):
    """(carrier, tracking number) in the carrier's real format."""
    k = R.randrange(10)
    if k == 0:
        return "Correos", R.choice(["PQ", "PK"]) + alnum(4) + digits(16) + R.choice(UP)
    if k == 1:
        return ("Correios" if country == "BR" else "Correos"), s10(R.choice(["RR", "CP", "EE", "LX", "LB", "RA", "AA", "OA", "NX"]),
                                                                 S10_COUNTRY[country])
    if k == 2:
        return "SEUR", digits(R.randint(14, 18))
    if k == 3:
        return "Estafeta", digits(22) if R.random() < 0.6 else digits(10)
    if k == 4:
        return "Andreani", digits(15)
    if k == 5:
        return "Chilexpress", digits(R.randint(10, 12))
    if k == 6:
        return "DHL", digits(10)
    if k == 7:
        return "UPS", "1Z" + alnum(6) + digits(2) + digits(8)
    if k == 8:
        return "Correios", s10(R.choice(["AA", "OB", "PW", "QB", "NB"]), "BR")
    return "FedEx", digits(12)


def fmt_amount(country):
    big = country in ("CL", "CO", "AR")
    v = R.random() * R.choice([50, 500, 5000, 50000] + ([5e6, 5e8] if big else []))
    ip = str(int(v))
    dec = "%02d" % R.randrange(100)
    if country in ("ES",):
        return R.choice([group3(ip) + "," + dec + " €", ip + "," + dec + " EUR", "€" + group3(ip) + "," + dec,
                         "%.2f EUR" % v])
    if country == "MX":
        return R.choice(["$" + group3(ip, ",") + "." + dec + " MXN", "$ " + group3(ip, ",") + "." + dec, "MXN " + ip + "." + dec])
    if country == "AR":
        return R.choice(["$ " + group3(ip) + "," + dec, "ARS " + group3(ip) + "," + dec, "$" + group3(ip)])
    if country == "CO":
        return R.choice(["COP " + group3(ip), "$ " + group3(ip), "$" + group3(ip) + " COP"])
    if country == "CL":
        return R.choice(["$ " + group3(ip) + " CLP", "CLP " + group3(ip), "$" + group3(ip)])
    if country == "PE":
        return R.choice(["S/ " + group3(ip, ",") + "." + dec, "S/." + ip + "." + dec, "PEN " + group3(ip, ",") + "." + dec])
    if country == "BR":
        return R.choice(["R$ " + group3(ip) + "," + dec, "R$" + ip + "," + dec, "BRL " + group3(ip) + "," + dec])
    return R.choice(["US$ " + group3(ip, ",") + "." + dec, "$" + group3(ip, ",") + "." + dec, "USD " + ip + "." + dec])


MONTHS = {"es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                 "noviembre", "diciembre"],
          "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
                 "novembro", "dezembro"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]}
WEEKDAYS = {"es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
            "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}


def fmt_date(lang):
    y, m, d, hh, mm = R.choice([2025, 2026, 2026]), R.randint(1, 12), R.randint(1, 28), R.randrange(24), R.randrange(60)
    k = R.randrange(6)
    if k == 0:
        return "%d-%02d-%02d %02d:%02d" % (y, m, d, hh, mm)
    if k == 1:
        return "%02d/%02d/%d" % ((m, d, y) if lang == "en" else (d, m, y))
    if k == 2:
        return ("%s %d, %d" % (MONTHS[lang][m - 1], d, y)) if lang == "en" else "%d de %s de %d" % (d, MONTHS[lang][m - 1], y)
    if k == 3:
        return "%d-%02d-%02d" % (y, m, d)
    if k == 4:
        return {"es": "%02d/%02d/%d a las %02dh%02d", "pt": "%02d/%02d/%d às %02dh%02d", "en": "%02d/%02d/%d at %02d:%02d"}[lang] % (
            d, m, y, hh, mm)
    return "%d.%02d.%d" % (d, m, y)


def fmt_time(lang):
    hh, mm = R.randrange(24), R.randrange(60)
    return R.choice({"es": ["a las %02d:%02d", "a las %02dh%02d"], "pt": ["às %02d:%02d", "às %02dh%02d"],
                     "en": ["at %02d:%02d", "at %d:%02d"]}[lang]) % (hh, mm)


def postal_code(country):
    if country == "ES":
        return "%02d%03d" % (R.randint(1, 52), R.randrange(1000))
    if country == "MX":
        return "%05d" % R.randint(1000, 99999)
    if country == "AR":
        return R.choice([R.choice("BCDEFHJKLMNPQRSTUVWXYZ") + "%04d" % R.randint(1000, 9999) + alnum(3, UP), "%04d" % R.randint(1000, 9999)])
    if country == "CO":
        return R.choice(["11", "05", "76", "08", "68"]) + digits(4)
    if country == "CL":
        return str(R.randint(1000000, 9999999))
    if country == "PE":
        return "%05d" % R.randint(1000, 25000)
    if country == "BR":
        return digits(5) + "-" + digits(3)
    return R.choice([digits(5), digits(5) + "-" + digits(4)])


EAN_PREFIX = {"ES": "84", "MX": "750", "AR": "779", "CO": "770", "CL": "780", "PE": "775", "BR": "789", "US": "0"}


def ean13(country):
    p = EAN_PREFIX[country]
    body = p + digits(12 - len(p))
    return body + ean.calc_check_digit(body)


def sku():
    return R.choice(["SKU-%s-%05d" % (alnum(3, UP), R.randrange(100000)), "%s%05d" % (alnum(3, UP), R.randrange(100000)),
                     "%s-%03d-%s" % (alnum(2, UP), R.randrange(1000), R.choice(["XS", "S", "M", "L", "XL", "42", "38"])),
                     "P%06d" % R.randrange(1000000)])


def hexref(n=8):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def transfer_ref(lang, country):
    k = R.randrange(4)
    if k == 0:
        return "TRF-%d-%06d" % (R.choice([2025, 2026]), R.randrange(1000000))
    if k == 1:  # Pix end-to-end id: E + ISPB (8) + yyyyMMddHHmm + 11 characters
        return "E%08d%d%02d%02d%02d%02d%s" % (R.randrange(10 ** 8), 2026, R.randint(1, 12), R.randint(1, 28),
                                              R.randrange(24), R.randrange(60), alnum(11, string.ascii_lowercase + D))
    if k == 2:  # SEPA end-to-end id (free text up to 35 characters)
        return R.choice(["E2E", "NOTPROVIDED", "SEPA", "PAY"]) + "-" + "%d%02d%02d" % (2026, R.randint(1, 12), R.randint(1, 28)) \
            + "-" + alnum(R.randint(6, 12))
    return "%s/%d/%05d" % (R.choice(["REM", "TR", "OP"]), 2026, R.randrange(100000))


def plain_id(lang):
    return R.choice(["PED-%d-%06d" % (R.choice([2025, 2026]), R.randrange(10 ** 6)), "F-2026/%05d" % R.randrange(10 ** 5),
                     "A-%05d" % R.randrange(10 ** 5), "INV-%06d" % R.randrange(10 ** 6), "#" + str(R.randint(1000, 99999)),
                     str(R.randint(100, 999999)), hexref(), "%s-%d" % (alnum(2, UP), R.randint(10000, 999999)),
                     "OC-%d-%04d" % (2026, R.randrange(10 ** 4))])


W = {  # business words by clause kind
    "es": {"order": ["Pedido", "Orden", "Pedido nº", "Nº de pedido", "N.º", "Factura", "Albarán", "Boleta", "Ticket",
                     "Referencia", "Ref.", "Cliente nº", "Nº de cliente"],
           "date": ["del", "el", "con fecha", "fecha"], "amount": ["total", "importe", "por un total de", "importe total"],
           "ref": ["ref.", "referencia", "cód.", "código"], "track": ["seguimiento", "guía", "envío con", "nº de seguimiento"],
           "zip": ["CP", "código postal", "C.P."], "sku": ["SKU", "código de producto", "artículo", "cód."],
           "ean": ["EAN", "código de barras"], "qty": ["%d unidades", "%d uds.", "x%d", "%d cajas"],
           "pct": ["descuento del %s%%", "IVA %s%%", "%s%% de descuento", "comisión del %s%%"],
           "ver": ["app v%s", "versión %s", "firmware %s"], "uuid": ["id", "identificador", "id de sesión"],
           "trf": ["transferencia ref.", "transferencia", "pago ref."], "year": ["año", "ejercicio", "campaña"],
           "time": "", "and": [", ", "; ", " - ", ", y ", " | "]},
    "pt": {"order": ["Pedido", "Pedido nº", "Nota fiscal", "NF-e", "Boleto", "Referência", "Ticket", "Protocolo", "Fatura"],
           "date": ["de", "em", "com data de", "emitido em"], "amount": ["valor", "total", "valor total de", "no valor de"],
           "ref": ["referência", "código", "ref."], "track": ["rastreio", "código de rastreio", "envio", "objeto"],
           "zip": ["CEP"], "sku": ["SKU", "código do produto", "item"], "ean": ["EAN", "código de barras"],
           "qty": ["%d unidades", "%d un.", "%d caixas", "x%d"], "pct": ["desconto de %s%%", "%s%% de desconto", "ICMS %s%%"],
           "ver": ["app v%s", "versão %s"], "uuid": ["id", "identificador"], "trf": ["Pix", "TED ref.", "transferência ref."],
           "year": ["ano", "safra", "exercício"], "time": "", "and": [", ", "; ", " - ", " e ", " | "]},
    "en": {"order": ["Order", "Order no.", "Invoice", "Ticket", "Reference", "Ref", "Customer no.", "Shipment", "Booking"],
           "date": ["on", "dated", "from"], "amount": ["total", "amount", "for a total of", "amount due"],
           "ref": ["ref", "reference", "code"], "track": ["tracking", "tracking number", "shipment", "shipped via"],
           "zip": ["ZIP", "zip code", "postcode"], "sku": ["SKU", "product code", "item"], "ean": ["EAN", "barcode"],
           "qty": ["%d units", "%d pcs", "qty %d", "x%d"], "pct": ["%s%% off", "tax %s%%", "%s%% discount"],
           "ver": ["app v%s", "version %s", "build %s"], "uuid": ["id", "session id"], "trf": ["transfer ref", "wire ref", "payment ref"],
           "year": ["year", "fiscal year", "season"], "time": "", "and": [", ", "; ", " - ", " and ", " | "]},
}


def filler(lang, country, kind=None):
    """One business clause without personal data."""
    w = W[lang]
    k = kind or R.choice(["date", "date", "amount", "amount", "ref", "track", "zip", "sku", "ean", "qty", "pct", "ver",
                          "uuid", "trf", "year", "time", "plain"])
    if k == "date":
        return R.choice(w["date"]) + " " + fmt_date(lang)
    if k == "amount":
        return R.choice(w["amount"]) + " " + fmt_amount(country)
    if k == "ref":
        return R.choice(w["ref"]) + " " + R.choice([hexref(), hexref(12).upper(), alnum(6), "%s-%04d" % (alnum(3, UP), R.randrange(10000))])
    if k == "track":
        carrier, t = tracking(country)
        word = R.choice(w["track"])
        return (word + " " + carrier + " " + t) if word.endswith(("con", "via")) else (word + " " + t + " (" + carrier + ")")
    if k == "zip":
        return R.choice(w["zip"]) + " " + postal_code(country)
    if k == "sku":
        return R.choice(w["sku"]) + " " + sku()
    if k == "ean":
        return R.choice(w["ean"]) + " " + ean13(country)
    if k == "qty":
        return R.choice(w["qty"]) % R.randint(1, 500)
    if k == "pct":
        return R.choice(w["pct"]) % R.choice(["5", "10", "15", "21", "19", "16", "18", "12,5" if lang != "en" else "12.5", "7.5"])
    if k == "ver":
        return R.choice(w["ver"]) % ("%d.%d.%d" % (R.randint(1, 9), R.randint(0, 30), R.randint(0, 99)))
    if k == "uuid":
        return R.choice(w["uuid"]) + " " + str(uuid.UUID(int=R.getrandbits(128)))
    if k == "trf":
        return R.choice(w["trf"]) + " " + transfer_ref(lang, country)
    if k == "year":
        return R.choice(w["year"]) + " " + str(R.randint(2019, 2027))
    if k == "time":
        return fmt_time(lang)
    return plain_number(lang)


def order_clause(lang, country, kind, hard=True):
    """The line's main business number: a hard negative (phone-valid, 8 digits, checksum-passing) or a plain id."""
    if hard:
        v, cat = hard_negative(country)
        HARD[(kind, cat)] += 1
        return cap(biz_word_number(lang, v)) if R.random() < 0.8 else biz_word_number(lang, v)
    k = R.randrange(4)
    if k == 0:
        return R.choice(W[lang]["order"]) + " " + plain_id(lang)
    if k == 1:
        return cap(filler(lang, country, "track"))
    if k == 2:
        return cap(filler(lang, country, "trf"))
    return cap(filler(lang, country, R.choice(["sku", "ean", "zip", "ref"])))


BIZ_OPEN = {"es": ["", "", "", "Hola, ", "Buenas, ", "Confirmamos: ", "Aviso: ", "Estado: ", "Recordatorio: ", "Nota: "],
            "pt": ["", "", "", "Olá, ", "Confirmamos: ", "Aviso: ", "Status: ", "Lembrete: ", "Obs.: "],
            "en": ["", "", "", "Hi, ", "Confirmed: ", "Notice: ", "Status: ", "Reminder: ", "Note: "]}
BIZ_CLOSE = {"es": ["", ".", ". Gracias.", ", pendiente de pago.", ", enviado.", ". Saludos.", ", entregado en tienda."],
             "pt": ["", ".", ". Obrigado.", ", aguardando pagamento.", ", enviado.", ". Abraços.", ", entregue na loja."],
             "en": ["", ".", ". Thanks.", ", payment pending.", ", shipped.", ". Regards.", ", delivered to the store."]}
EMAIL_RE = re.compile(r"\S@\S")
IPV4_RE = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b")
ID_RE = re.compile(r"\b[0-9A-Z]{8,18}\b")


def has_planted_pii(text):
    """True when a business clause came out looking like personal data other than a bare business number:
    an e-mail, an IPv4 address, an IBAN, a letter-bearing national id (DNI, NIE, CIF, CURP, RFC)."""
    if EMAIL_RE.search(text) or IPV4_RE.search(text):
        return True
    for m in IBAN_RE.finditer(text):
        if iban.is_valid(m.group()):
            return True
    for m in ID_RE.finditer(text):
        t = m.group()
        if t.isdigit():
            continue
        for f in (dni.is_valid, nie.is_valid, cif.is_valid, curp.is_valid, rfc_valid):
            try:
                if f(t):
                    return True
            except Exception:
                pass
    return False


REJECTED = Counter()


def business_line():
    lang = pick_lang()
    country = tenant_of(lang)
    while True:
        mark = dict(HARD)
        hard = R.random() < 0.58
        parts = [order_clause(lang, country, "business", hard)]
        for _ in range(R.randint(1, 3)):
            parts.append(filler(lang, country))
        if hard and R.random() < 0.12:  # a second hard negative later in the sentence
            parts.append(order_clause(lang, country, "business", True).lower() if lang != "en" else order_clause(lang, country, "business", True))
        text = R.choice(BIZ_OPEN[lang])
        text += parts[0] if text == "" or text.endswith(": ") else parts[0][:1].lower() + parts[0][1:]
        for p in parts[1:]:
            text += (" " if p.startswith(tuple(W[lang]["date"])) and R.random() < 0.5 else R.choice(W[lang]["and"])) + p
        text += R.choice(BIZ_CLOSE[lang])
        if not has_planted_pii(text):
            return lang, country, "business", text, ""
        REJECTED["business"] += 1
        HARD.clear()
        HARD.update(mark)


# ---------------------------------------------------------------- mixed lines: business numbers and real personal data

MIXED_PHONE = {"es": ["el cliente pide que le llamen al", "llámame al", "mi móvil es el", "contacto: tel.", "WhatsApp",
                      "teléfono de contacto", "pueden llamarme al", "mi número es el"],
               "pt": ["o cliente pede para ligar no", "me liga no", "meu celular é", "contato: tel.", "WhatsApp",
                      "telefone para contato", "podem me ligar no"],
               "en": ["call me at", "my phone is", "contact: tel.", "WhatsApp", "please ring", "my mobile is",
                      "reach the customer at"]}
MIXED_TAIL = {"es": ["", "", " del cliente", " del titular", ", por favor"], "pt": ["", "", " do cliente", " do titular", ", por favor"],
              "en": ["", "", " of the customer", ", please"]}


def pii_value(t, country):
    if t == "phone":
        if R.random() < 0.2:  # bare national digits, with a context word
            while True:
                v, f = g_phone(country)
                if f == PhoneNumberFormat.NATIONAL:
                    d = "".join(ch for ch in v if ch.isdigit())
                    # a bare phone that also passes an id or card check would be two things at once: not used
                    if phone_valid(d, country) and not any_valid_id(d):
                        return d, True
        v, f = g_phone(country)
        return v, False
    return value_of(t, country), False


def any_valid_id(v):
    return any(f(v) for f in (cpf.is_valid, cuit.is_valid, ruc.is_valid, cnpj.is_valid)) or 13 <= len(v) and luhn.is_valid(v)


def mixed_line():
    lang = pick_lang()
    t = R.choice(TYPES + ["phone"] * 6 + ["email"] * 2 + ["credit_card", "br_cpf", "es_dni"])
    country = COUNTRY_OF[t] if t in COUNTRY_OF and R.random() < 0.9 else tenant_of(lang)
    if t == "pe_dni":
        lang = "es" if R.random() < 0.8 else lang
    v, bare = pii_value(t, country)
    # the PII clause: its own context word right before the value (a phone in international or grouped form may go without)
    cueless = (t == "phone" and not bare and R.random() < 0.3) or (t == "email" and R.random() < 0.3)
    if t == "pe_dni" and "-" not in v:
        cueless = False
    if cueless:
        pre, tail = R.choice(["", "(", "— ", "contacto " if lang == "es" else ""]), ""
        pre = "" if pre == "contacto " and t == "phone" and R.random() < 0.5 else pre
        tail = ")" if pre == "(" else ""
    else:
        ctx = R.choice(MIXED_PHONE[lang]) if t == "phone" else R.choice(CTX[lang][t])
        pre, tail = ctx + " ", R.choice(MIXED_TAIL[lang])
    biz = order_clause(lang, country, "mixed", R.random() < 0.9)
    extra = [filler(lang, country) for _ in range(R.randint(0, 2))]
    second = None
    if R.random() < 0.12:
        t2 = "email" if t != "email" else "phone"
        v2, _ = pii_value(t2, country)
        second = (t2, (R.choice(CTX[lang]["email"]) + " ") if t2 == "email" else R.choice(MIXED_PHONE[lang]) + " ", v2)
    sep = R.choice([", ", "; ", ": ", " - ", ". "])
    text = R.choice(BIZ_OPEN[lang]) if R.random() < 0.5 else ""
    labels = []
    pii_first = R.random() < 0.25

    def put_pii(text, pre, val, typ, tail):
        text += pre
        labels.append("%s:%d:%d" % (typ, len(text), len(text) + len(val)))
        return text + val + tail

    if pii_first:
        text = put_pii(text, cap(pre) if text == "" or text.endswith(": ") else pre, v, t, tail)
        text += sep + (biz if sep == ". " else biz[:1].lower() + biz[1:] if lang != "en" else biz)
    else:
        text += biz if text == "" or text.endswith(": ") else biz[:1].lower() + biz[1:]
        for e in extra[:1]:
            text += R.choice(W[lang]["and"]) + e
        extra = extra[1:]
        text += sep
        text = put_pii(text, cap(pre) if sep == ". " else pre, v, t, tail)
    for e in extra:
        text += R.choice(W[lang]["and"]) + e
    if second:
        text += R.choice(W[lang]["and"])
        text = put_pii(text, second[1], second[2], second[0], "")
    text += R.choice(BIZ_CLOSE[lang])
    return lang, country, "mixed", text, ";".join(labels)


# ---------------------------------------------------------------- person names (faker_people.json)

PARTICLE_SURNAMES = {"es": ["de la Fuente", "del Río", "de la Cruz", "del Castillo", "de León", "de la Torre", "del Valle",
                            "de Santiago", "de la Rosa", "del Pino"],
                     "pt": ["da Silva", "dos Santos", "de Souza", "da Costa", "das Neves", "do Nascimento", "de Oliveira",
                            "dos Reis", "da Rocha", "de Almeida"]}


def faker(lang, key):
    loc = R.choice(LANG_OF_LOCALE[lang])
    vals = FAKER[loc][key]
    if lang == "pt" and key == "last_names":
        vals = FAKER["pt_BR"][key] + FAKER["pt_PT"][key]
    return R.choice(vals)


def person_name(lang):
    """(full name, surname alone) of a person of the language's countries."""
    first = faker(lang, "first_names")
    if lang == "es":
        s1 = faker(lang, "last_names")
        x = R.random()
        s2 = "" if x < 0.25 else R.choice(PARTICLE_SURNAMES["es"]) if x < 0.35 else faker(lang, "last_names")
        full = first + " " + s1 + (" " + s2 if s2 else "")
        return full, s1
    if lang == "pt":
        parts = [first]
        if R.random() < 0.4:
            parts.append(faker(lang, "last_names"))
        if R.random() < 0.4:
            parts.append(R.choice(PARTICLE_SURNAMES["pt"]))
        else:
            parts.append(faker(lang, "last_names"))
        return " ".join(parts), parts[-1]
    last = faker(lang, "last_names")
    if R.random() < 0.08:
        first += " " + R.choice(UP) + "."
    return first + " " + last, last


NAME_T = {
    "es": {"cue": ["Me llamo {n} y quiero cambiar la dirección de entrega.", "Atentamente, {n}", "Cliente: {n}",
                   "Enviar a nombre de {n}.", "Soy {n}, les escribo por mi pedido.", "A la atención de {n}.",
                   "Un saludo, {n}.", "Titular: {n}", "Nombre: {n}", "Contacto: {n}, responsable de compras.",
                   "Hola, soy {n}.", "Firmado: {n}", "Recoge el paquete {n}.", "Autorizo a {n} a recoger el pedido."],
           "nocue": ["Ayer habló conmigo {n} sobre el pedido.", "Hoy vino {n} a recoger el paquete.",
                     "La reclamación la presentó {n} por teléfono.", "Según {n}, la factura está mal.",
                     "{n} dice que no recibió el envío.", "Lo trae {n} el lunes.", "Pregunta de {n} sobre la garantía."],
           "title": ["El Sr. {s} llamó para confirmar la entrega.", "Estimada Sra. {s}:", "Sr. {s}, su pedido está listo.",
                     "La Dra. {s} pidió la factura.", "Hablé con el Sr. {s} esta mañana.", "Don {n} pasará por la tienda."]},
    "pt": {"cue": ["Meu nome é {n} e quero mudar o endereço de entrega.", "Atenciosamente, {n}", "Cliente: {n}",
                   "Enviar em nome de {n}.", "Sou {n}, escrevo sobre o meu pedido.", "Aos cuidados de {n}.",
                   "Abraço, {n}.", "Titular: {n}", "Nome: {n}", "Oi, aqui é {n}.", "Destinatário: {n}"],
           "nocue": ["Ontem falou comigo {n} sobre o pedido.", "{n} disse que não recebeu a encomenda.",
                     "Quem retirou o pacote foi {n}.", "Segundo {n}, a nota está errada.", "Hoje passou {n} na loja."],
           "title": ["O Sr. {s} ligou para confirmar a entrega.", "Prezada Sra. {s},", "Sr. {s}, seu pedido está pronto.",
                     "A Dra. {s} pediu a nota fiscal.", "Dona {n} vem buscar amanhã."]},
    "en": {"cue": ["Hi, this is {n}.", "My name is {n} and I need to change the delivery address.", "Regards, {n}",
                   "Customer: {n}", "Ship to {n}.", "Attn: {n}", "Best, {n}", "Name: {n}", "Account holder: {n}",
                   "Sincerely, {n}", "Recipient: {n}"],
           "nocue": ["Yesterday {n} called about the order.", "{n} says the parcel never arrived.",
                     "The return was requested by {n}.", "According to {n}, the invoice is wrong.", "Today {n} picked it up."],
           "title": ["Mr. {s} called to confirm the delivery.", "Dear Ms. {s},", "Dr. {s} asked for the invoice.",
                     "Mrs. {s} will pick it up tomorrow.", "I spoke with Mr. {s} this morning."]},
}


def fill(template, value, typ):
    i = template.index("{")
    j = template.index("}", i)
    text = template[:i] + value + template[j + 1:]
    return text, "%s:%d:%d" % (typ, i, i + len(value))


def name_line():
    lang = pick_lang()
    country = tenant_of(lang)
    full, surname = person_name(lang)
    group = R.choice(["cue", "cue", "nocue", "title"])
    tpl = R.choice(NAME_T[lang][group])
    text, lab = fill(tpl, surname if "{s}" in tpl else full, "person_name")
    if R.random() < 0.3:
        text += " " + cap(filler(lang, country, R.choice(["date", "amount", "ref"]))) + "."
    return lang, country, "name", text, lab


# ---------------------------------------------------------------- postal addresses

def street_name(lang, country):
    if country == "MX" and R.random() < 0.5:
        return R.choice(FAKER["es_MX"]["street_name_parts"])
    if lang == "en":
        return faker("en", "last_names")
    x = R.random()
    src = "last_names" if x < 0.5 else "first_names" if x < 0.7 else "city_names"
    if lang == "pt" and src == "city_names":
        src = "last_names"
    return faker(lang, src)


ES_FLOOR = ["1º A", "2º B", "3º Izda.", "4º Dcha.", "Bajo", "Ático", "5º C", "1º 2ª", "3º B", "Bajo A"]


def street_part(lang, country):
    """(labelled street part, unlabelled rest: neighbourhood, postal code, city)."""
    n = str(R.randint(1, 350))
    nm = street_name(lang, country)
    if country == "ES":
        typ = R.choice(["C/", "C/", "Calle", "Calle de", "Avda.", "Avenida de", "Av.", "Paseo de", "Plaza de", "Pza.", "Ronda de",
                        "Camino de", "Travesía de", "Glorieta de"])
        nm = R.choice([nm, nm, "Mayor", "Alcalá", "Serrano", "Princesa", "Colón", "la Paz", "San Vicente"])
        num = R.choice([n, n, "nº " + n, n + ", " + R.choice(ES_FLOOR), n + " " + R.choice(ES_FLOOR), "s/n"])
        rest = R.choice(["", ", " + postal_code("ES") + " " + faker("es", "city_names"), " (" + faker("es", "city_names") + ")"])
        return "%s %s %s" % (typ, nm, num) if typ in ("C/",) and R.random() < 0.3 else "%s %s, %s" % (typ, nm, num), rest
    if country == "MX":
        typ = R.choice(FAKER["es_MX"]["street_prefixes"])
        num = R.choice([str(R.randint(1, 4999)), "#" + str(R.randint(1, 4999)), "No. " + str(R.randint(1, 4999)),
                        "%d Int. %d" % (R.randint(1, 4999), R.randint(1, 40)), "%d-%s" % (R.randint(1, 999), R.choice("ABC"))])
        rest = R.choice(["", ", Col. " + R.choice(["Del Valle", "Roma Norte", "Centro", "Condesa", "Polanco", "Narvarte"]) +
                         R.choice(["", ", C.P. " + postal_code("MX")]), ", " + faker("es", "city_names")])
        return "%s %s %s" % (typ, nm, num), rest
    if country == "CO":
        typ = R.choice(["Carrera", "Cra.", "Calle", "Cl.", "Avenida", "Diagonal", "Transversal", "Av. Calle", "Kr"])
        num = "%d%s %s %d-%d" % (R.randint(1, 180), R.choice(["", "", "A", "B", " Bis"]), R.choice(["#", "No.", "N°", "# "]).strip(),
                                 R.randint(1, 150), R.randint(1, 99))
        num += R.choice(["", "", ", apto %d" % R.randint(101, 1504), " Int. %d" % R.randint(1, 9), ", local %d" % R.randint(1, 30)])
        return typ + " " + num, R.choice(["", ", Bogotá", ", Medellín", ", Cali", ", Barranquilla"])
    if country == "AR":
        typ = R.choice(["Av.", "Avenida", "Calle", "Pasaje", "Bv."])
        nm = R.choice([nm, "Corrientes", "Santa Fe", "Rivadavia", "Callao", "Cabildo"])
        num = R.choice([n, "%d, piso %d dto. %s" % (R.randint(100, 9999), R.randint(1, 20), R.choice("ABCDE")),
                        "%d %dº %s" % (R.randint(100, 9999), R.randint(1, 20), R.choice("ABCD"))])
        return "%s %s %s" % (typ, nm, num), R.choice(["", ", " + postal_code("AR") + " CABA", ", Córdoba", ", Rosario"])
    if country == "CL":
        typ = R.choice(["Av.", "Avenida", "Calle", "Pasaje", "Psje."])
        nm = R.choice([nm, "Providencia", "Libertador Bernardo O'Higgins", "Apoquindo", "Vicuña Mackenna"])
        num = R.choice([str(R.randint(100, 9999)), "%d, depto. %d" % (R.randint(100, 9999), R.randint(11, 2405)),
                        "%d, of. %d" % (R.randint(100, 9999), R.randint(1, 99))])
        return "%s %s %s" % (typ, nm, num), R.choice(["", ", Providencia, Santiago", ", Las Condes", ", Valparaíso"])
    if country == "PE":
        typ = R.choice(["Jr.", "Av.", "Calle", "Psje.", "Jirón", "Avenida"])
        nm = R.choice([nm, "de la Unión", "Arequipa", "Las Begonias", "Larco", "Javier Prado Este"])
        num = R.choice([str(R.randint(100, 4999)), "%d, dpto. %d" % (R.randint(100, 4999), R.randint(101, 1802)),
                        "%d Of. %d" % (R.randint(100, 4999), R.randint(101, 902)), "Mz. %s Lt. %d" % (R.choice("ABCDEFG"), R.randint(1, 40))])
        return "%s %s %s" % (typ, nm, num), R.choice(["", ", Miraflores", ", Cercado de Lima", ", San Isidro, Lima " + postal_code("PE")])
    if country == "BR":
        typ = R.choice(FAKER["pt_BR"]["street_prefixes"] + ["Av.", "R.", "Rua", "Rua"])
        nm = R.choice([nm, nm, "das Flores", "Augusta", "Paulista", "XV de Novembro", "Sete de Setembro", "dos Andradas"])
        num = R.choice(["%d" % R.randint(1, 4999), "%d, apto %d" % (R.randint(1, 4999), R.randint(11, 2304)),
                        "%d, sala %d" % (R.randint(1, 4999), R.randint(1, 1800)), "%d, casa %d" % (R.randint(1, 999), R.randint(1, 9)),
                        "nº %d" % R.randint(1, 4999), "%d, bloco %s, ap. %d" % (R.randint(1, 999), R.choice("ABC"), R.randint(11, 804))])
        rest = R.choice(["", " - " + R.choice(["Bela Vista", "Centro", "Copacabana", "Savassi", "Moinhos de Vento"]),
                         " - Centro, " + R.choice(["São Paulo - SP", "Rio de Janeiro - RJ", "Curitiba - PR"]) + ", " + postal_code("BR"),
                         ", CEP " + postal_code("BR")])
        return "%s %s, %s" % (typ, nm, num), rest
    if country == "PT":
        typ = R.choice(FAKER["pt_PT"]["street_prefixes"])
        num = R.choice([str(R.randint(1, 350)), "%d, %dº Esq." % (R.randint(1, 350), R.randint(1, 9)),
                        "%d, %dº Dto." % (R.randint(1, 350), R.randint(1, 9)), "n.º %d, R/C" % R.randint(1, 350)])
        rest = R.choice(["", ", %04d-%03d %s" % (R.randint(1000, 9999), R.randrange(1000), faker("pt", "city_names") if False else
                                                 R.choice(FAKER["pt_PT"]["city_names"]))])
        return "%s %s %s" % (typ, nm, num) if R.random() < 0.5 else "%s %s, %s" % (typ, nm, num), rest
    # English: the house number comes first, so the span starts at it
    loc = {"US": "en_US", "GB": "en_GB", "AU": "en_AU"}[country]
    street = R.choice(FAKER[loc]["street_names"]) if R.random() < 0.5 else nm + " " + R.choice(FAKER[loc]["street_suffixes"])
    if R.random() < 0.2:
        street = street.replace("Street", "St").replace("Avenue", "Ave").replace("Road", "Rd")
    unit = R.choice(["", "", "", ", Apt %d" % R.randint(1, 40), ", Suite %d" % R.randint(100, 999), ", Flat %d" % R.randint(1, 30),
                     " Unit %d" % R.randint(1, 20)])
    rest = {"US": ", " + R.choice(FAKER["en_US"]["city_names"]) + ", " + R.choice(["TX", "CA", "NY", "FL", "WA"]) + " " + postal_code("US"),
            "GB": ", " + R.choice(["London", "Leeds", "Bristol", "Manchester"]) + " " + R.choice(["NW1 6XE", "LS1 4AP", "BS1 5TR", "M1 1AE"]),
            "AU": ", " + R.choice(["Sydney NSW 2000", "Melbourne VIC 3000", "Brisbane QLD 4000"])}[country]
    return "%d %s%s" % (R.randint(1, 9999), street, unit), R.choice(["", rest])


ADDR_T = {"es": {"cue": ["Mi dirección es {a}.", "Enviar a {a}.", "Dirección de entrega: {a}", "Vivo en {a}.", "Domicilio: {a}",
                         "Lo pueden dejar en {a}, gracias.", "Nueva dirección: {a}.", "Entregar en {a} por la tarde."],
                 "nocue": ["El paquete quedó en {a} desde ayer.", "Se mudó a {a} el mes pasado.", "Estoy en {a}, no encuentro el local."]},
          "pt": {"cue": ["Meu endereço é {a}.", "Entregar em {a}.", "Endereço de entrega: {a}", "Moro na {a}.",
                         "Endereço: {a}", "Pode deixar na portaria, {a}.", "Novo endereço: {a}."],
                 "nocue": ["A encomenda ficou em {a} desde ontem.", "Ela se mudou para {a} no mês passado."]},
          "en": {"cue": ["My address is {a}.", "Ship to {a}.", "Delivery address: {a}", "I live at {a}.", "Address: {a}",
                         "Please deliver to {a}, thanks.", "New address: {a}."],
                 "nocue": ["The parcel was left at {a} yesterday.", "She moved to {a} last month."]}}


def address_line():
    lang = pick_lang()
    country = {"es": lambda: R.choice(["ES", "ES", "MX", "CO", "AR", "CL", "PE"]), "pt": lambda: "BR" if R.random() < 0.7 else "PT",
               "en": lambda: R.choice(["US", "US", "GB", "AU"])}[lang]()
    tenant = country if country in COUNTRIES else {"PT": "BR", "GB": "US", "AU": "US"}[country]
    street, rest = street_part(lang, country)
    tpl = R.choice(ADDR_T[lang]["cue" if R.random() < 0.75 else "nocue"])
    i = tpl.index("{a}")
    text = tpl[:i] + street + rest + tpl[i + 3:]
    lab = "address:%d:%d" % (i, i + len(street))
    if R.random() < 0.25:
        text += " " + cap(order_clause(lang, tenant, "address", False)) + "."
    return lang, tenant, "address", text, lab


# ---------------------------------------------------------------- negatives for names and addresses (kind business)

BRANDS = ["Mercedes Benz", "Banco Santander", "El Corte Inglés", "Mercado Libre", "Coca-Cola", "Samsung Galaxy", "Zara",
          "Banco do Brasil", "Magazine Luiza", "Casas Bahia", "Falabella", "Ripley", "Oxxo", "Bimbo", "Grupo Éxito", "Rappi",
          "Glovo", "Banco de Bogotá", "BBVA", "Telefónica", "Movistar", "Claro", "Vivo", "Itaú", "Bradesco", "Amazon Prime",
          "Walmart", "Home Depot", "Ford Focus", "Toyota Corolla", "Volkswagen Golf", "Philips", "Nestlé", "Hotel Victoria",
          "Hotel Miramar", "Hostal San Juan", "Banco Galicia", "Banco de Crédito del Perú", "Sodimac", "Liverpool", "Coppel",
          "Americanas", "Renner", "Leroy Merlin", "Decathlon", "Santa Lucía Seguros", "Seguros Bolívar", "Mapfre",
          "Caja Rural", "Bodegas Torres", "Aerolíneas Argentinas", "LATAM Airlines", "Iberia Express", "Porto Seguro"]
PRODUCTS = {"es": ["Camiseta Básica Azul", "Zapatillas Runner Pro", "Cafetera Express Deluxe", "Silla Oficina Ergo",
                   "Mochila Urbana Negra", "Lámpara Nórdica Blanca", "Pack Ahorro Familiar", "Aceite de Oliva Virgen Extra",
                   "Jamón Ibérico Reserva", "Vino Tinto Crianza"],
            "pt": ["Tênis Casual Preto", "Kit Churrasco Premium", "Camiseta Polo Branca", "Cafeteira Elétrica Plus",
                   "Mochila Escolar Azul", "Cadeira Gamer Pro", "Café Torrado Especial"],
            "en": ["Wireless Mouse Pro", "Leather Wallet Classic", "Coffee Maker Deluxe", "Running Shoes Elite",
                   "Desk Lamp Nordic", "Family Value Pack", "Organic Green Tea"]}
SHOPS = {"es": ["Farmacia {l}", "Panadería {l}", "Ferretería {l}", "Óptica {l}", "Talleres {l} Hermanos", "Supermercados {l}",
                "Clínica Dental {l}", "Librería {c}", "Restaurante {c}", "Autoescuela {c}", "Floristería {f}", "Peluquería {f}"],
         "pt": ["Farmácia {l}", "Padaria {l}", "Loja {l}", "Mercado {l}", "Ótica {c}", "Auto Peças {l}", "Pizzaria {c}", "Salão {f}"],
         "en": ["{l} Hardware", "{l}'s Bakery", "{c} Pharmacy", "{l} & Sons", "{c} Dental Care", "{f}'s Diner", "{c} Motors"]}
CITIES_EXTRA = ["Santiago de Chile", "San José", "Buenos Aires", "Ciudad de México", "São Paulo", "Rio de Janeiro", "Belo Horizonte",
                "Porto Alegre", "Lima", "Bogotá", "Medellín", "Valparaíso", "Los Angeles", "San Francisco", "Mar del Plata",
                "Santa Cruz de Tenerife", "San Sebastián", "Puerto Montt", "Victoria", "Santa Fe", "San Pablo"]
STREETS_NONUM = {"es": ["Gran Vía", "Calle Mayor", "Av. Corrientes", "Paseo de la Castellana", "Avenida Insurgentes", "la Rambla",
                        "Calle de Alcalá", "Av. Providencia", "Jr. de la Unión", "Carrera Séptima", "Plaza Mayor", "Calle Serrano"],
                 "pt": ["Av. Paulista", "Rua Augusta", "Rua Oscar Freire", "Avenida Atlântica", "Rua das Flores", "Avenida da Liberdade",
                        "Rua XV de Novembro"],
                 "en": ["Oxford Street", "Main Street", "Fifth Avenue", "Baker Street", "Sunset Boulevard", "High Street",
                        "George Street", "Market Street"]}
NEG_T = {"es": ["Compré en {shop} de {street}.", "Oferta en la tienda de {street}: {product} por {amount}.",
                "{shop} abre el {weekday} a las 9.", "Envío desde {city} el {weekday}.", "Estimado cliente, su {product} ya está disponible.",
                "Pedido de {product} para {shop}.", "Reunión con {brand} el {weekday} {day} de {month}.", "{brand}: nueva campaña de {month}.",
                "Recogida en {shop}, {city}.", "Stock agotado de {product} en {city}.", "Estimado cliente: cerramos en {month} por vacaciones.",
                "{weekday} sin entregas en {city}.", "Facturar a {brand}, sucursal {city}.", "Nos vemos en {street}, frente a {shop}."],
         "pt": ["Comprei na {shop} da {street}.", "Promoção na loja da {street}: {product} por {amount}.",
                "{shop} abre na {weekday} às 9h.", "Envio saindo de {city} na {weekday}.", "Prezado cliente, seu {product} já está disponível.",
                "Pedido de {product} para a {shop}.", "Reunião com {brand} na {weekday}, {day} de {month}.", "{brand}: nova campanha de {month}.",
                "Retirada na {shop}, {city}.", "Estoque esgotado de {product} em {city}.", "Faturar para {brand}, filial {city}."],
         "en": ["Bought at {shop} on {street}.", "Sale at the {street} store: {product} for {amount}.", "{shop} opens on {weekday} at 9.",
                "Shipping from {city} on {weekday}.", "Dear customer, your {product} is now available.", "Order of {product} for {shop}.",
                "Meeting with {brand} on {weekday}, {month} {day}.", "{brand}: new {month} campaign.", "Pickup at {shop}, {city}.",
                "{product} out of stock in {city}.", "Bill to {brand}, {city} branch."]}


def negative_name_address_line():
    lang = pick_lang()
    country = tenant_of(lang)
    while True:
        tpl = R.choice(NEG_T[lang])
        shop = R.choice(SHOPS[lang]).format(l=faker(lang, "last_names"), c=R.choice(CITIES_EXTRA + FAKER["es"]["city_names"]),
                                          f=faker(lang, "first_names"))
        city = R.choice(CITIES_EXTRA + FAKER[R.choice(LANG_OF_LOCALE[lang] if lang != "pt" else ["pt_PT", "es"])]["city_names"])
        text = tpl.format(shop=shop, street=R.choice(STREETS_NONUM[lang]), product=R.choice(PRODUCTS[lang]),
                          weekday=R.choice(WEEKDAYS[lang]), city=city, brand=R.choice(BRANDS), month=R.choice(MONTHS[lang]),
                          day=R.randint(1, 28), amount=fmt_amount(country))
        text = cap(text)
        if R.random() < 0.3:
            text += " " + order_clause(lang, country, "business", R.random() < 0.5) + "."
        if not has_planted_pii(text):
            return lang, country, "business", text, ""
        REJECTED["business"] += 1


# ---------------------------------------------------------------- an independent recount of the hard negatives

def hard_negatives_in(text, country):
    """The checks that some bare digit run of a line passes: phone number of the tenant's country, 8 digits,
    br.cpf / ar.cuit / pe.ruc (11 digits), br.cnpj (14 digits), Luhn with a card-like prefix (13-19 digits)."""
    found = set()
    for m in re.finditer(r"(?<![\w-])\d+(?![\w-])", text):
        v = m.group()
        if phone_valid(v, country):
            found.add("phone_valid")
        if len(v) == 8:
            found.add("eight_digits")
        if len(v) == 11 and (cpf.is_valid(v) or cuit.is_valid(v) or ruc.is_valid(v)) or len(v) == 14 and cnpj.is_valid(v):
            found.add("checksum_id")
        if 13 <= len(v) <= 19 and v.startswith(tuple(CARD_PREFIXES)) and luhn.is_valid(v):
            found.add("luhn")
    return found


def main():
    global R
    # the original corpus lines (es, en) and the validator vectors: the original random stream, unchanged
    rows = []
    for t in TYPES:
        for _ in range(200):
            rows.append(pii_line(t, True))
            rows.append(pii_line(t, False))
    for _ in range(10000):
        rows.append(plain_line())
    R.shuffle(rows)
    # validator vectors: candidates of each shape, half built valid and half altered, labelled by stdnum
    with open("validator_vectors.tsv", "w", encoding="utf-8") as f:
        f.write("# made by make_pii_corpus.py; type, value, valid per python-stdnum %s\n" % __import__("stdnum").__version__)
        for t, gen in VALID.items():
            for i in range(150):
                v = gen()
                if i % 2:
                    j = R.choice([k for k, ch in enumerate(v) if ch.isdigit()])
                    v = v[:j] + R.choice(D.replace(v[j], "")) + v[j + 1:]
                c = v.replace(" ", "").replace(".", "").replace("-", "").replace("/", "")
                ok = CHECKS[t](c)
                # vigia's stricter rules (documented in Validators): card numbers are 12-19 digits;
                # a CUIT's first two digits are one of AFIP's person/company types
                if t == "ar_cuit":
                    ok = ok and c[:2] in ("20", "23", "24", "27", "30", "33", "34")
                f.write("%s\t%s\t%s\n" % (t, v, "true" if ok else "false"))

    # the larger corpus, from a second random stream
    R = random.Random(SEED2)
    for t in TYPES:
        for _ in range(60):
            rows.append(pii_line(t, True, "pt"))
            rows.append(pii_line(t, False, "pt"))
    for _ in range(2500):
        rows.append(plain_line("pt"))
    for _ in range(24000):
        rows.append(business_line())
    for _ in range(3400):
        rows.append(negative_name_address_line())
    for _ in range(6500):
        rows.append(mixed_line())
    for _ in range(2400):
        rows.append(name_line())
    for _ in range(2400):
        rows.append(address_line())
    R.shuffle(rows)

    with open("pii_corpus.tsv", "w", encoding="utf-8") as f:
        f.write("# made by make_pii_corpus.py (python-stdnum %s, phonenumbers %s, names and streets from faker_people.json); "
                "lang, tenant_country, kind, text, labels\n" % (__import__("stdnum").__version__, phonenumbers.__version__))
        for r in rows:
            lang, country, kind, text, labels = r
            assert "\t" not in text and "\n" not in text and all(ord(ch) < 0x10000 for ch in text), r
            assert lang in ("es", "pt", "en") and kind in KINDS, r
            assert (labels == "") == (kind in ("decoy", "plain", "business")), r
            for lab in filter(None, labels.split(";")):
                typ, a, b = lab.split(":")
                assert typ in WIRE_TYPES and 0 <= int(a) < int(b) <= len(text), r
                assert text[int(a):int(b)] == text[int(a):int(b)].strip(" ,;"), r
            f.write("\t".join(r) + "\n")
    summary(rows)


KINDS = ("pii", "decoy", "plain", "business", "mixed", "name", "address")
WIRE_TYPES = set(TYPES) | {"person_name", "address"}


def summary(rows):
    print("pii_corpus.tsv: %d lines" % len(rows))
    print("  per kind: " + ", ".join("%s %d" % (k, sum(1 for r in rows if r[2] == k)) for k in KINDS))
    print("  per lang: " + ", ".join("%s %d" % (l, sum(1 for r in rows if r[0] == l)) for l in ("es", "pt", "en")))
    print("  labelled values per type: " + ", ".join("%s %d" % (t, n) for t, n in sorted(Counter(
        lab.split(":")[0] for r in rows for lab in r[4].split(";") if lab).items())))
    print("  hard negatives planted (introduced by a business word), per kind and check:")
    for kind in ("business", "mixed"):
        print("    %-8s " % kind + ", ".join("%s %d" % (c, HARD[(kind, c)]) for c in ("phone_valid", "eight_digits", "checksum_id", "luhn")))
    for kind in ("business",):
        lines = [r for r in rows if r[2] == kind]
        per = Counter()
        anyhn = 0
        for r in lines:
            found = hard_negatives_in(r[3], r[1])
            per.update(found)
            anyhn += bool(found)
        print("  %s lines with a bare digit run that passes a check (recount): %d of %d (%.1f%%); %s"
              % (kind, anyhn, len(lines), 100.0 * anyhn / len(lines), ", ".join("%s %d" % kv for kv in sorted(per.items()))))
    print("  business lines regenerated because a clause looked like personal data: %d" % REJECTED["business"])


if __name__ == "__main__":
    main()
