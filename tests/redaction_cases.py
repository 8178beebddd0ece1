"""An adversarial corpus for redaction, one list per class of issue #13.

Every name, number and address here is invented for these tests: none is taken from a name list, a
detector's table or real life, so the tests measure the detectors, not a list. Check digits are
computed, not copied from documentation examples.

Each case is ``(lang, text, secrets)``: after redaction no secret may remain, neither whole nor as a
piece of 4+ letters or digits. Over-redaction cases are ``(lang, text, kept)``: each kept word must
survive.
"""

from __future__ import annotations

import datetime as dt

import desistkit as dk

# The client of every case below. Contacts are recorded in their own scripts.
IDENTITY = dk.ClientIdentity(
    given_names=("Jarvik",),
    family_names=("Brenwald",),
    aliases=("Rico", "@velmo_shadow77"),
    birth_date=dt.date(1991, 11, 23),
    inmate_numbers=("JVA-88213/19",),
    contacts=(
        dk.Contact("Оксана Маровчук", "mother"),
        dk.Contact("Σταύρος Τσαμπερίδης", "friend"),
        dk.Contact("Ilvie Quendt", "sister"),
    ),
    places=("Velmstadt an der Lune", "Foyer Technique Orvanne"),
    other_identifiers=("Az. 4 KLs 318/24", "Dossier 2024/DX-77193"),
)

Case = tuple[str, str, tuple[str, ...]]

# --- 2. text formatting: pasted text, line breaks, letter spacing, case, scripts ----------------
FORMATTING: list[Case] = [
    ("de", "Gespräch mit Herrn Bren\u00adwald über die Arbeit.", ("Bren\u00adwald",)),
    ("de", "Gespräch mit Herrn Bren\u200bwald über die Arbeit.", ("Bren\u200bwald",)),
    ("de", "Gespräch mit Herrn Bren\u2060wald und Frau Qu\ufeffendt.", ("Bren\u2060wald", "Qu\ufeffendt")),
    ("de", "Herr Bren-\nwald kam pünktlich.", ("Bren-\nwald",)),
    ("de", "Herr Bren\u2010\nwald kam pünktlich.", ("Bren\u2010\nwald",)),
    ("en", "Today Jarvik\nBrenwald was calm.", ("Jarvik", "Brenwald")),
    ("en", "Today Jarvik Bren\nwald was calm.", ("Bren\nwald",)),
    ("en", "He signed it B r e n w a l d at the end.", ("B r e n w a l d",)),
    ("fr", "Il a écrit J A R V I K sur la porte.", ("J A R V I K",)),
    ("en", "NOTE: BRENWALD REFUSED THE MEETING.", ("BRENWALD",)),
    ("en", "Met Brenwaldtoday in the yard.", ("Brenwald",)),
    ("de", "Brief von Jarvik\u00a0Brenwald, gelesen.", ("Jarvik", "Brenwald")),
    (
        "de",
        "Brief von Jarvik\u2009Brenwald\u202fund Ilvie\u2007Quendt.",
        ("Jarvik", "Brenwald", "Ilvie", "Quendt"),
    ),
    ("de", "Gefangenenbuch JVA–88213/19 geprüft.", ("88213",)),
    ("de", "Gefangenenbuch JVA\u201188213/19 geprüft.", ("88213",)),
    ("de", "Gefangenenbuch JVA—88213∕19 geprüft.", ("88213",)),
    ("en", "Signed: ＢＲＥＮＷＡＬＤ, in full-width letters.", ("ＢＲＥＮＷＡＬＤ",)),
    ("bg", "Среща: Brenwaldкойто дойде късно.", ("Brenwald",)),
    ("el", "Ο Jarvikκαι η αδελφή του.", ("Jarvik",)),
    ("pl", "Rozmowa z panem BRENWALDEM była trudna.", ("BRENWALDEM",)),
    ("fi", "Tapasin Quendti\u00adn sisaren.", ("Quendti\u00adn",)),
]

# --- 3. identifiers of the client record written without their label ----------------------------
UNLABELLED: list[Case] = [
    ("de", "Verfahren 4 KLs 318/24 läuft noch.", ("318",)),
    ("de", "Im Verfahren 4KLs318/24 gab es einen Termin.", ("318",)),
    ("de", "Siehe 4 Kls 318-24 und die Anlage.", ("318",)),
    ("de", "Siehe 4.KLs.318.24 in der Akte.", ("318",)),
    ("de", "Aktenzeichen: 4 KLS 318 24.", ("318",)),
    ("fr", "Le dossier 2024 DX 77193 est clos.", ("77193",)),
    ("fr", "Réf. 2024-dx-77193 transmise.", ("77193",)),
    ("en", "Ref 2024.DX.77193 was sent.", ("77193",)),
    ("en", "Ref 2024DX77193 was sent.", ("77193",)),
    ("nl", "Zie DX-77193 in het verslag.", ("77193",)),
    ("de", "Buchnummer 88213 19 notiert.", ("88213",)),
    ("de", "Nummer 88213/19.", ("88213",)),
]


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


_IBAN_DE = _iban("DE", "5107002109377154" + "00")
_IBAN_PL = _iban("PL", "1090101400000712198128" + "74")
_IBAN_FR = _iban("FR", "20041010050500013M02606")


def _grouped(value: str, sep: str) -> str:
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


# --- 4. structured identifiers in the forms people write them ------------------------------------
STRUCTURED: dict[str, list[Case]] = {
    "iban": [
        ("de", f"Konto {_grouped(_IBAN_DE, ' ').lower()} für die Miete.", (_IBAN_DE[4:12],)),
        ("de", f"Konto {_grouped(_IBAN_DE, '-')} für die Miete.", (_IBAN_DE[4:12],)),
        ("pl", f"Konto {_IBAN_PL.lower()} do spłaty.", (_IBAN_PL[4:12].lower(),)),
        ("fr", f"RIB : {_grouped(_IBAN_FR, '.')}.", (_IBAN_FR[4:12],)),
        ("fr", f"IBAN {_grouped(_IBAN_FR, chr(0xA0))} au nom de la mère.", (_IBAN_FR[4:12],)),
    ],
    "link": [
        ("de", "Er schreibt auf t.me/kelvarin_x täglich.", ("kelvarin",)),
        ("de", "Profil: instagram.com/ostro.vel, seit Mai.", ("ostro",)),
        ("fr", "Page facebook.com/profile.php?id=1000837219 signalée.", ("1000837219",)),
        ("pl", "Konto vk.com/id55829133 usunięte.", ("55829133",)),
        ("en", "Videos on tiktok.com/@marnvel_q were reported.", ("marnvel",)),
        ("en", "He texts via wa.me/4915205558819 now.", ("4915205558819",)),
        ("it", "Il sito lostvelm.example/forum/orvik è chiuso.", ("lostvelm", "orvik")),
        ("es", "Su canal youtube.com/c/Trevalmo sigue activo.", ("Trevalmo",)),
        ("de", "Link: T.ME/KELVARIN_X (Großschreibung).", ("KELVARIN",)),
        ("lt", "Puslapis x.com/drumvelis ištrintas.", ("drumvelis",)),
    ],
    "email": [
        ("de", "Mail an kelv.arin [at] postvel [dot] eu geschickt.", ("kelv", "arin", "postvel")),
        ("de", "Mail an kelv.arin(at)postvel.eu geschickt.", ("kelv", "arin", "postvel")),
        ("en", "Write to kelv.arin at postvel dot eu please.", ("kelv", "arin", "postvel")),
        ("fr", "Écrire à kelv.arin {at} postvel {dot} eu svp.", ("kelv", "arin", "postvel")),
        ("en", "Mail KELV.ARIN@POSTVEL.EU now.", ("KELV", "ARIN", "POSTVEL")),
        ("de", "Mail an kelv.arin＠postvel.eu geschickt.", ("kelv", "arin", "postvel")),
    ],
    "phone": [
        ("de", "Rückruf unter 0170–555 3829 erbeten.", ("3829",)),
        ("de", "Rückruf unter 0170.555.38.29 erbeten.", ("3829", "38.29")),
        ("de", "Rückruf unter 0170/5553829 erbeten.", ("5553829",)),
        ("de", "Rückruf unter +49 (0) 170 555 3829 erbeten.", ("3829",)),
        ("fr", "Appeler le 06–55–38–29–17 demain.", ("38–29",)),
        ("pl", "Telefon: 555‒382‒917.", ("382",)),
        ("it", "Cellulare 347 555 3829.", ("3829",)),
    ],
    "natid": [
        ("fi", "Henkilötunnus 231191-287e löytyi.", ("287e",)),
        ("pl", "PESEL 911123 05730 w aktach.", ("05730",)),
        ("pl", "PESEL 9111 2305 730 w aktach.", ("2305",)),
        ("it", "codice fiscale brnjrv91s23l736i in atti.", ("brnjrv91s23l736i",)),
        ("es", "DNI 48213907l en el expediente.", ("48213907",)),
        ("es", "DNI 48.213.907-L en el expediente.", ("213",)),
        ("nl", "BSN 2741 83 055 in het dossier.", ("2741",)),
    ],
    "plate": [
        ("de", "Kennzeichen hh-kv 482 notiert.", ("482",)),
        ("fr", "Immatriculée ab-218-kq hier.", ("218",)),
        ("el", "Αυτοκίνητο με πινακίδα ΙΚΡ-4821 στο πάρκινγκ.", ("4821",)),
        ("el", "Αυτοκίνητο με πινακίδα ΙΚΡ 4821 στο πάρκινγκ.", ("4821",)),
        ("el", "Αυτοκίνητο με πινακίδα ικρ-4821 στο πάρκινγκ.", ("4821",)),
        ("it", "Targa fk 218 qd fotografata.", ("218",)),
    ],
    "address": [
        ("de", "wohnt brunnweberstraße 14 im Hinterhaus.", ("brunnweber",)),
        ("de", "wohnt in der Brunnweberstr. 14a bei der Tante.", ("Brunnweber",)),
        ("cs", "Bydlí v ulici Hvězdoletá 1527/68b u tety.", ("Hvězdoletá",)),
        ("cs", "Adresa: Hvězdoletá 1527/68, 602 00 Brnovice.", ("Hvězdoletá", "602 00", "Brnovice")),
        ("pl", "Mieszka przy ul. sosnowiecka 12 m. 4 u ciotki.", ("sosnowiecka",)),
        ("pl", "Adres: ul. Wrzosowiska 7/3, 00-950 Trzebolin.", ("Wrzosowiska", "00-950", "Trzebolin")),
        ("el", "Μένει στην odos Velmaniou 14 με τη θεία του.", ("Velmaniou",)),
        ("el", "Διεύθυνση: Leoforos Kalvenou 233, Athina.", ("Kalvenou",)),
        ("en", "Lives at 14 brunvale road with his aunt.", ("brunvale",)),
        ("de", "Adresse Quellweberweg 3, 21079 Hamborstel.", ("Quellweber", "21079", "Hamborstel")),
        ("fr", "Habite 7 rue des Velmiers, 69003 Lyonnet.", ("Velmiers", "69003", "Lyonnet")),
        ("nl", "Woont op de Kelvarinstraat 12, 3511 AB Utrevelt.", ("Kelvarin", "3511", "Utrevelt")),
    ],
}

# --- 5. names across scripts and spellings -------------------------------------------------------
SCRIPTS: list[Case] = [
    # The record writes the client in Latin letters; notes in Greek or Bulgarian write him in theirs.
    ("el", "Ο Μπρένβαλντ ήρθε αργά.", ("Μπρένβαλντ",)),
    ("el", "Μίλησα με τον Γιάρβικ.", ("Γιάρβικ",)),
    ("bg", "Бренвалд дойде късно.", ("Бренвалд",)),
    ("bg", "Говорих с Ярвик днес.", ("Ярвик",)),
    # The record writes the mother in Cyrillic; notes in EU languages romanise her.
    ("en", "His mother Oksana Marovchuk called.", ("Oksana", "Marovchuk")),
    ("pl", "Dzwoniła matka, Oksana Marowczuk.", ("Oksana", "Marowczuk")),
    ("de", "Die Mutter, Oksana Marowtschuk, rief an.", ("Oksana", "Marowtschuk")),
    ("fr", "Sa mère, Oksana Marovtchouk, a appelé.", ("Oksana", "Marovtchouk")),
    ("cs", "Volala matka, Oksana Marovčuková.", ("Oksana", "Marovčuk")),
    ("de", "Frau Marovčuk (ISO 9) war da.", ("Marovčuk",)),
    ("pl", "Rozmawiałem z panią Marowczuk i z Marowczukową.", ("Marowczuk",)),
    # The record writes the friend in Greek; notes romanise him in ELOT 743 and common spellings.
    ("de", "Sein Freund Stavros Tsamperidis besuchte ihn.", ("Stavros", "Tsamperidis")),
    ("en", "His friend Stavros Tsaberidis visited.", ("Stavros", "Tsaberidis")),
    ("fr", "Son ami Stávros Tsampéridis est venu.", ("Stávros", "Tsampéridis")),
    ("it", "L'amico Stavros Tsamperidhis è venuto.", ("Stavros", "Tsamperidhis")),
    ("en", "Mr TSAMPERIDES came too.", ("TSAMPERIDES",)),
    # Phonetic: a spelling nobody planned for, within the edit bound.
    ("de", "Jarwik Brennwald wollte reden.", ("Jarwik", "Brennwald")),
    ("en", "Ilvy Kwendt wrote again.", ("Kwendt",)),
]

# --- 6. over-redaction: the meaning must survive -------------------------------------------------
# (lang, text, words that must survive)
MEANING: list[Case] = [
    ("it", "Ricordo bene il ricorso e la ricotta.", ("Ricordo", "ricorso", "ricotta")),
    ("en", "Ricotta and ricochet are words, not names.", ("Ricotta", "ricochet")),
    ("fr", "La technique d'entretien a aidé.", ("technique",)),
    ("de", "Er zog nach Velmstadt, nicht an die Lune.", ("Velmstadt", "Lune")),
    ("fr", "Le foyer est fermé.", ("foyer",)),
    # Ricardo is a third party: the names detector replaces it by [PERSON], never as the client Rico
    # (tests/test_third_party_names.py); the ordinary word that starts like the client's name stays.
    ("pt", "O Ricardo e a ricota não são o cliente.", ("ricota",)),
    ("fi", "Ricottaa ja ricinusöljyä ostettiin.", ("ricinusöljyä",)),
]
# The same names inflected by each language's real endings: must be found.
INFLECTED: list[Case] = [
    ("it", "Ho parlato con Rico.", ("Rico",)),
    ("fi", "Puhuin Ricolle ja Ricon äidille.", ("Ricolle", "Ricon")),
    ("pl", "Rozmawiałem z Brenwaldem i o Brenwaldzie.", ("Brenwaldem", "Brenwaldzie")),
    ("cs", "Mluvil jsem s Brenwaldem a Brenwaldovi.", ("Brenwaldem", "Brenwaldovi")),
    ("hu", "Beszéltem Brenwalddal és Brenwaldnak írtam.", ("Brenwalddal", "Brenwaldnak")),
    ("lt", "Kalbėjau su Brenwaldu.", ("Brenwaldu",)),
    ("de", "Brenwalds Schwester und Ricos Mutter.", ("Brenwalds", "Ricos")),
    ("el", "Ο πατέρας του Σταύρου ήρθε.", ("Σταύρου",)),
    ("ga", "Labhair mé le Jarvik inné.", ("Jarvik",)),
    ("et", "Rääkisin Brenwaldiga ja Ricoga.", ("Brenwaldiga", "Ricoga")),
    ("sk", "Hovoril som s Quendtom.", ("Quendtom",)),
    ("sl", "Govoril sem z Brenwaldom.", ("Brenwaldom",)),
    ("hr", "Razgovarao sam s Brenwaldom i Ricom.", ("Brenwaldom", "Ricom")),
    ("lv", "Runāju ar Brenwaldu.", ("Brenwaldu",)),
    ("bg", "Говорих с Бренвалд и с Рико.", ("Бренвалд", "Рико")),
]
# Whole multi-word places are still found.
PLACES: list[Case] = [
    ("de", "Er wuchs in Velmstadt an der Lune auf.", ("Velmstadt an der Lune",)),
    ("fr", "Il a vécu au Foyer Technique Orvanne.", ("Foyer Technique Orvanne",)),
    ("fr", "Il a vécu au foyer technique Orvanne.", ("foyer technique Orvanne",)),
    ("de", "Er wuchs in Velmstadt\nan der Lune auf.", ("Velmstadt\nan der Lune",)),
]

# --- 7. leftovers: (lang, redacted text, kinds expected) ----------------------------------------
LEFTOVERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("de", "Die Nummer 4471932 stand auf dem Zettel.", ("digits",)),
    ("en", "Contact was via someone@ somewhere.", ("at_sign",)),
    ("fr", "Voir kelvarin.example/page pour plus.", ("link",)),
    ("fr", "Il a parlé avec Orvelin hier.", ("capitalised",)),
    ("en", "The code XK42B9 was on the letter.", ("mixed",)),
    ("de", "Der Termin mit dem Bewährungshelfer war gut.", ()),
    ("fr", "Il va mieux. Nous reparlerons en mai.", ()),
    ("en", "[PERSON 1] met [PERSON 2] in [PLACE].", ()),
    ("en", "He was born in 1991 and has 3 children.", ()),
]


def all_leak_cases() -> dict[str, list[Case]]:
    """Every case whose secrets must not survive, by class name (for the benchmark as well)."""
    cases = {"formatting": FORMATTING, "unlabelled": UNLABELLED, "scripts": SCRIPTS,
             "inflected": INFLECTED, "places": PLACES}  # fmt: skip
    cases.update({f"structured:{k}": v for k, v in STRUCTURED.items()})
    return cases
