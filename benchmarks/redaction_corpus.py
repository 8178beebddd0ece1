"""A synthetic, fictional corpus of caseworker notes with planted identifiers, and its evaluation.

    python benchmarks/redaction_corpus.py [--per-language 200] [--seed 7]

Notes are written from templates in 8 languages; Faker supplies per-locale names, phone numbers,
e-mail addresses, IBANs, national identity numbers, street addresses, URLs, user names and plates
(all fictional). Each note plants identifiers the case knows (the client's name, also inflected,
birth date in the language's own format, inmate number, a relative's name) and structured ones, plus
the name of a third party the case does not know, and decoys (years, counts, times, other dates).

Reported per language and type: recall (planted span fully replaced), exact leaks (the planted text
still in the output), partial leaks (a 4+ character piece of it still there), and precision (share of
findings that cover a planted identifier). Third-party names come from Faker, as do the lists of the
built-in third-party name detector: their recall here measures the list; benchmarks/privacy_corpus.py
measures that detector on invented names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field

from babel import dates as babel_dates
from faker import Faker

import desistkit as dk
from desistkit.sharing import KnownIdentifiers, Redactor

LOCALES = {"de": "de_DE", "fr": "fr_FR", "pl": "pl_PL", "el": "el_GR", "fi": "fi_FI", "it": "it_IT",
           "nl": "nl_NL", "es": "es_ES"}  # fmt: skip

# {client} full name, {client_gen} inflected family name, {given} given name, {birth} birth date,
# {inmate}, {relative}, {third} a person the case does not know; structured: {phone} {email} {iban}
# {natid} {address} {url} {handle} {plate}. Decoys: {year} {count} {time} {other_date}.
TEMPLATES = {
    "de": [
        "{client} (geb. {birth}) war heute sehr offen; er erzählte von {third}, den er aus der Werkstatt kennt.",
        "Die Mutter, {relative}, hat angerufen ({phone}) und bittet um Rückruf; Termin am {other_date} um {time} Uhr.",
        "Gefangenenbuchnummer {inmate}. Er möchte nach der Entlassung in die {address} ziehen, seit {year} lebt dort seine Tante.",
        "Laut Akte nutzte {given} das Konto @{handle}; die Seite {url} ist inzwischen gelöscht. {count} Sitzungen bisher.",
        "Kontoverbindung für die Schuldnerberatung: IBAN {iban}; Steuer-ID {natid}. E-Mail: {email}.",
        "Herrn {client_gen} Wagen mit dem Kennzeichen {plate} wurde {year} stillgelegt; er sprach offen darüber.",
    ],
    "fr": [
        "{client}, né le {birth}, parle volontiers de {third}, rencontré à l'atelier.",
        "Sa mère, {relative}, a appelé ({phone}) et souhaite un rendez-vous le {other_date} à {time}.",
        "Numéro d'écrou {inmate}. Après sa sortie, il aimerait habiter au {address}, chez sa tante depuis {year}.",
        "Selon le dossier, {given} utilisait le compte @{handle} ; le site {url} a été fermé. {count} séances jusqu'ici.",
        "Pour le service de médiation de dettes : IBAN {iban}, NIR {natid}, courriel {email}.",
        "La voiture de M. {client_gen}, immatriculée {plate}, est au garage depuis {year}.",
    ],
    "pl": [
        "{client} (ur. {birth}) był dziś bardzo otwarty; opowiadał o {third}, którego zna z warsztatu.",
        "Matka, {relative}, dzwoniła ({phone}) i prosi o spotkanie {other_date} o {time}.",
        "Numer ewidencyjny {inmate}. Po zwolnieniu chciałby zamieszkać przy {address}, u ciotki od {year} roku.",
        "Według akt {given} korzystał z konta @{handle}; strona {url} została usunięta. Dotąd {count} spotkań.",
        "Dla poradni zadłużeniowej: IBAN {iban}, PESEL {natid}, e-mail {email}.",
        "Samochód pana {client_gen} o numerze rejestracyjnym {plate} stoi od {year} roku.",
    ],
    "el": [
        "Ο {client} (γενν. {birth}) ήταν σήμερα πολύ ανοιχτός· μίλησε για τον {third} από το εργαστήριο.",
        "Η μητέρα του, {relative}, τηλεφώνησε ({phone}) και ζητά συνάντηση στις {other_date}, ώρα {time}.",
        "Αριθμός μητρώου κρατουμένου {inmate}. Μετά την αποφυλάκιση θέλει να μείνει στην οδό {address}, όπου ζει η θεία του από το {year}.",
        "Σύμφωνα με τον φάκελο, ο {given} χρησιμοποιούσε τον λογαριασμό @{handle}· η σελίδα {url} έκλεισε. Μέχρι τώρα {count} συναντήσεις.",
        "Για τη ρύθμιση χρεών: IBAN {iban}, ΑΜΚΑ {natid}, email {email}.",
        "Το αυτοκίνητο του {client_gen} με πινακίδα {plate} είναι ακινητοποιημένο από το {year}.",
    ],
    "fi": [
        "{client} (s. {birth}) oli tänään avoin; hän kertoi {third}sta, jonka tuntee verstaalta.",
        "Äiti, {relative}, soitti ({phone}) ja toivoo tapaamista {other_date} klo {time}.",
        "Vankinumero {inmate}. Vapautumisen jälkeen hän haluaa muuttaa osoitteeseen {address}, jossa täti on asunut vuodesta {year}.",
        "Asiakirjojen mukaan {given} käytti tiliä @{handle}; sivu {url} on poistettu. Tähän mennessä {count} tapaamista.",
        "Velkaneuvontaa varten: IBAN {iban}, henkilötunnus {natid}, sähköposti {email}.",
        "{client_gen} auto, rekisterinumero {plate}, on ollut seisonnassa vuodesta {year}.",
    ],
    "it": [
        "{client} (nato il {birth}) oggi era molto aperto; ha parlato di {third}, conosciuto in laboratorio.",
        "La madre, {relative}, ha telefonato ({phone}) e chiede un incontro il {other_date} alle {time}.",
        "Matricola {inmate}. Dopo la scarcerazione vorrebbe abitare in {address}, dalla zia, che vive lì dal {year}.",
        "Secondo il fascicolo {given} usava l'account @{handle}; il sito {url} è stato chiuso. Finora {count} colloqui.",
        "Per il servizio di consulenza sui debiti: IBAN {iban}, codice fiscale {natid}, e-mail {email}.",
        "L'auto del sig. {client_gen}, targa {plate}, è ferma dal {year}.",
    ],
    "nl": [
        "{client} (geb. {birth}) was vandaag erg open; hij vertelde over {third}, die hij van de werkplaats kent.",
        "Zijn moeder, {relative}, belde ({phone}) en vraagt om een afspraak op {other_date} om {time}.",
        "Registratienummer {inmate}. Na zijn vrijlating wil hij op de {address} wonen, bij zijn tante, die daar sinds {year} woont.",
        "Volgens het dossier gebruikte {given} het account @{handle}; de site {url} is verwijderd. Tot nu toe {count} gesprekken.",
        "Voor de schuldhulpverlening: IBAN {iban}, BSN {natid}, e-mail {email}.",
        "De auto van meneer {client_gen}, kenteken {plate}, staat sinds {year} stil.",
    ],
    "es": [
        "{client} (nacido el {birth}) hoy estuvo muy abierto; habló de {third}, a quien conoce del taller.",
        "Su madre, {relative}, llamó ({phone}) y pide una cita el {other_date} a las {time}.",
        "Número de interno {inmate}. Tras salir quiere vivir en {address}, con su tía, que vive allí desde {year}.",
        "Según el expediente, {given} usaba la cuenta @{handle}; la web {url} fue cerrada. Hasta ahora {count} sesiones.",
        "Para el servicio de asesoría de deudas: IBAN {iban}, DNI {natid}, correo {email}.",
        "El coche del señor {client_gen}, matrícula {plate}, está parado desde {year}.",
    ],
}

KNOWN_TYPES = {"person", "birth_date", "inmate_number"}
STRUCTURED = {"phone", "email", "iban", "id_number", "address", "url", "handle", "vehicle_plate"}
SLOT_TYPE = {"client": "person", "client_gen": "person", "given": "person", "relative": "person",
             "birth": "birth_date", "inmate": "inmate_number", "phone": "phone", "email": "email",
             "iban": "iban", "natid": "id_number", "address": "address", "url": "url", "handle": "handle",
             "plate": "vehicle_plate", "third": "third_party"}  # fmt: skip


@dataclass
class Sample:
    lang: str
    text: str
    identity: dk.ClientIdentity
    planted: list[tuple[str, int, int]] = field(default_factory=list)  # (type, start, end)


def _genitive(lang: str, name: str) -> str:
    if lang == "pl":
        for a, b in (("ski", "skiego"), ("cki", "ckiego"), ("ska", "skiej"), ("cka", "ckiej"), ("a", "y")):
            if name.endswith(a):
                return name[: -len(a)] + b
        return name + "a"
    if lang == "fi":
        if name.endswith("nen"):
            return name[:-3] + "sen"
        return name + ("n" if name[-1] in "aeiouyäö" else "in")
    if lang == "el":
        for a, b in (("ος", "ου"), ("ης", "η"), ("ας", "α"), ("ός", "ού"), ("ής", "ή"), ("άς", "ά")):
            if name.endswith(a):
                return name[: -len(a)] + b
        return name
    if lang == "de":
        return name + ("'" if name.endswith(("s", "z", "x")) else "s")
    return name


def _national_id(lang: str, fake: Faker, rng: random.Random) -> str:
    if lang == "de":
        from stdnum.de import idnr
        from stdnum.iso7064 import mod_11_10

        while True:
            digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
            base = "".join(map(str, digits))
            candidate = base + mod_11_10.calc_check_digit(base)
            if idnr.is_valid(candidate):
                return str(idnr.format(candidate))
    if lang == "es":
        from stdnum.es import dni

        number = f"{rng.randint(10_000_000, 99_999_999)}"
        return number + dni.calc_check_digit(number)
    if lang == "pl":
        return str(fake.pesel())
    return str(fake.ssn())


def generate(per_language: int = 50, seed: int = 7) -> list[Sample]:
    """The corpus: ``per_language`` notes in each of the 8 languages, the same for the same seed."""
    rng = random.Random(seed)
    samples = []
    for lang, locale in LOCALES.items():
        fake = Faker(locale)
        fake.seed_instance(seed)
        for i in range(per_language):
            given, family = fake.first_name_male(), fake.last_name_male()
            relative = f"{fake.first_name_female()} {fake.last_name_female()}"
            birth = fake.date_of_birth(minimum_age=18, maximum_age=60)
            inmate = f"{rng.choice(['JVA', 'A', 'N'])}-{rng.randint(100, 9999)}/{rng.randint(10, 25)}"
            identity = dk.ClientIdentity(
                given_names=(given,), family_names=(family,), birth_date=birth, inmate_numbers=(inmate,),
                contacts=(dk.Contact(relative, "mother"),),
            )  # fmt: skip
            values = {
                "client": f"{given} {family}", "client_gen": _genitive(lang, family), "given": given,
                "relative": relative, "third": fake.first_name_male(),
                "birth": babel_dates.format_date(birth, rng.choice(["short", "medium", "long"]), locale=lang),
                "inmate": inmate, "phone": fake.phone_number(), "email": fake.email(), "iban": fake.iban(),
                "natid": _national_id(lang, fake, rng), "address": fake.street_address(), "url": fake.url(),
                "handle": fake.user_name(), "plate": fake.license_plate(),
                "year": str(rng.randint(2010, 2025)), "count": str(rng.randint(2, 40)),
                "time": f"{rng.randint(8, 17)}:{rng.choice(['00', '15', '30', '45'])}",
                "other_date": babel_dates.format_date(dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                                                      "medium", locale=lang),
            }  # fmt: skip
            template = TEMPLATES[lang][i % len(TEMPLATES[lang])]
            text, planted = _fill(template, values)
            samples.append(Sample(lang, text, identity, planted))
    return samples


def _fill(template: str, values: dict[str, str]) -> tuple[str, list[tuple[str, int, int]]]:
    out, planted, last = [], [], 0
    length = 0
    for m in re.finditer(r"\{(\w+)\}", template):
        piece = template[last : m.start()]
        out.append(piece)
        length += len(piece)
        value = values[m.group(1)]
        if m.group(1) in SLOT_TYPE:
            start = length - (1 if m.group(1) == "handle" else 0)  # the "@" belongs to the handle
            planted.append((SLOT_TYPE[m.group(1)], start, length + len(value)))
        out.append(value)
        length += len(value)
        last = m.end()
    out.append(template[last:])
    return "".join(out), planted


@dataclass
class Score:
    planted: int = 0
    recalled: int = 0
    exact_leaks: int = 0
    partial_leaks: int = 0


def evaluate(samples: list[Sample]) -> tuple[dict[tuple[str, str], Score], dict[str, tuple[int, int]]]:
    """Scores per (language, type), and per language (findings, findings covering a planted span)."""
    scores: dict[tuple[str, str], Score] = defaultdict(Score)
    precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample in samples:
        redactor = Redactor(KnownIdentifiers.from_identity(sample.identity))
        result = redactor.redact(sample.text, sample.lang)
        spans = [(f.start, f.end) for f in result.findings]
        for kind, start, end in sample.planted:
            score = scores[(sample.lang, kind)]
            score.planted += 1
            value = sample.text[start:end]
            if any(s <= start and end <= e for s, e in spans):
                score.recalled += 1
            if value in result.text:
                score.exact_leaks += 1
            elif any(len(p) >= 4 and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", result.text)
                     for p in re.findall(r"\w+", value) if not p.isdigit() or len(p) >= 4):  # fmt: skip
                score.partial_leaks += 1
        planted_spans = [(s, e) for k, s, e in sample.planted]
        precision[sample.lang][0] += len(spans)
        precision[sample.lang][1] += sum(any(s < pe and ps < e for ps, pe in planted_spans) for s, e in spans)
    return dict(scores), {k: (v[0], v[1]) for k, v in precision.items()}


def report(samples: list[Sample]) -> str:
    scores, precision = evaluate(samples)
    lines = [
        "| lang | type | planted | recall | exact leaks | partial leaks |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (lang, kind), s in sorted(scores.items()):
        lines.append(f"| {lang} | {kind} | {s.planted} | {s.recalled / s.planted:.1%} | {s.exact_leaks} | "
                     f"{s.partial_leaks} |")  # fmt: skip
    lines += ["", "| lang | findings | precision |", "|---|---:|---:|"]
    for lang, (found, good) in sorted(precision.items()):
        lines.append(f"| {lang} | {found} | {good / max(found, 1):.1%} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import warnings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(report(generate(args.per_language, args.seed)))
