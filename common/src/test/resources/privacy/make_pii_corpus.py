#!/usr/bin/python3
"""Makes the privacy scan's evaluation corpus and validator vectors, labelled by independent code.

Every identifier is built and labelled with python-stdnum (Arthur de Jong's implementations of the
national schemes) and every phone number with python-phonenumbers (the Python port of Google's
libphonenumber), not with vigia's own validators, so the Java detector is measured against an
independent reference.

  validator_vectors.tsv  type <TAB> value <TAB> valid(true|false): random candidates of each ID's
                         shape, the label is stdnum's is_valid (plus vigia's documented extra rules,
                         applied here and named in the comments below).
  pii_corpus.tsv         lang <TAB> tenant_country <TAB> text <TAB> labels, labels = type:start:end;...
                         (UTF-16 offsets of the valid personal data in text; empty = none). Half of
                         the identifiers planted are valid, half are decoys with a wrong check digit;
                         other lines carry non-PII numbers: order numbers, timestamps, UUIDs, amounts,
                         floats, versions, epoch milliseconds, postcodes, tracking codes.

Run with Debian's python3 (python3-stdnum 1.18, python3-phonenumbers 8.12.57):
    /usr/bin/python3 make_pii_corpus.py        (in this folder; deterministic, seed 20261128)
"""
import random
import string
import uuid

import phonenumbers
from phonenumbers import PhoneNumberFormat
from stdnum import iban, luhn
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


def g_phone(country):
    """A valid mobile or fixed number of the country, by phonenumbers, in E.164, international or national form."""
    meta = {"ES": (9, ["6", "7", "9"]), "MX": (10, ["55", "33", "81", "22", "66"]), "AR": (10, ["11", "351", "341"]),
            "CO": (10, ["30", "31", "32"]), "CL": (9, ["9", "2"]), "PE": (9, ["9"]), "BR": (11, ["119", "219", "319", "619"]),
            "US": (10, ["212", "415", "617", "646", "713", "305", "202", "206", "512"])}
    n, pre = meta[country]
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
OPEN = {"es": ["Hola, ", "Buenas tardes. ", "Cliente: ", "Nota interna: ", "", "Por favor revisen el caso; "],
        "en": ["Hi, ", "Customer: ", "Internal note: ", "", "Please check; "]}
CLOSE = {"es": [". Gracias.", ", el pedido no ha llegado.", ".", " y quiero la factura.", " — urgente."],
         "en": [". Thanks.", ", my parcel has not arrived.", ".", " and I need the invoice."]}


def plain_number(lang):
    k = R.randrange(12)
    if k == 0:
        return ("pedido nº " if lang == "es" else "order ") + "PED-2026-" + digits(6)
    if k == 1:
        return "ORD-" + R.choice(string.ascii_uppercase) + digits(7)
    if k == 2:
        return ("referencia " if lang == "es" else "reference ") + str(uuid.UUID(int=R.getrandbits(128)))
    if k == 3:
        return ("registrado el " if lang == "es" else "logged at ") + "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            R.randint(1, 12), R.randint(1, 28), R.randrange(24), R.randrange(60), R.randrange(60), R.randrange(1000))
    if k == 4:
        return ("importe " if lang == "es" else "amount ") + "%.2f" % (R.random() * 99999)
    if k == 5:
        return ("ratio " if lang == "es" else "ratio ") + "%.6f" % R.random()
    if k == 6:
        return "ts=" + str(1790000000000 + R.randrange(40000000000))
    if k == 7:
        return ("código postal " if lang == "es" else "zip ") + digits(5)
    if k == 8:
        return "v%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 99))
    if k == 9:
        return ("factura F-2026/" if lang == "es" else "invoice F-2026/") + digits(5)
    if k == 10:
        return ("%d tokens en %d ms" if lang == "es" else "%d tokens in %d ms") % (R.randint(10, 99999), R.randint(50, 30000))
    return ("el %02d/%02d/2026 a las %02d:%02d" if lang == "es" else "on %02d/%02d/2026 at %02d:%02d") % (
        R.randint(1, 28), R.randint(1, 12), R.randrange(24), R.randrange(60))


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


def pii_line(t, valid):
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
    return lang, country, text, labels


def plain_line():
    lang = "es" if R.random() < 0.7 else "en"
    parts = [R.choice(OPEN[lang]).strip() or ("Resumen" if lang == "es" else "Summary")]
    for _ in range(R.randint(1, 3)):
        parts.append(plain_number(lang))
    return lang, R.choice(COUNTRIES), " ".join(parts) + R.choice(CLOSE[lang]), ""


def main():
    rows = []
    for t in TYPES:
        for _ in range(200):
            rows.append(pii_line(t, True))
            rows.append(pii_line(t, False))
    for _ in range(10000):
        rows.append(plain_line())
    R.shuffle(rows)
    with open("pii_corpus.tsv", "w", encoding="utf-8") as f:
        f.write("# made by make_pii_corpus.py (python-stdnum %s, phonenumbers %s); lang, tenant_country, text, labels\n"
                % (__import__("stdnum").__version__, phonenumbers.__version__))
        for r in rows:
            assert "\t" not in r[2] and "\n" not in r[2]
            f.write("\t".join(r) + "\n")

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


if __name__ == "__main__":
    main()
