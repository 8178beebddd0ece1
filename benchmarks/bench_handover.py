"""Handover and retention: time to pack and open a bundle, next to the bare crypto, and retention per case.

    python benchmarks/bench_handover.py            # 20 repeats
    python benchmarks/bench_handover.py --repeat 5

The baseline is what no handover can avoid: age-encrypting the same payload to the same recipient
and signing it with Ed25519 (pyrage and cryptography, called directly). The rest of pack is sharing
the case and making the letter; the rest of open is checking and loading the case file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

import attrs
import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

import desistkit as dk
import desistkit.handover as ho
from desistkit.retention import apply, parse_retention

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 2, 2, 9, 30, tzinfo=dt.timezone.utc)
KEY = dk.PseudonymKey(bytes(range(32)))


def _case() -> dk.Case:
    case = dk.load_case(ROOT / "examples" / "prison-case.json")
    consent = dk.Consent(
        "h",
        audiences=["handover"],
        purposes=["continuity"],
        given=dt.date(2026, 1, 20),
        factors=["employment", "family_of_origin"],
        topics=["goals", "handover_note"],
    )
    note = dk.Note("Mornings work best.", dk.Perspective.PROFESSIONAL, shareable=True)
    return attrs.evolve(case, consents=(*case.consents, consent), handover_note=note)


def _median_ms(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    case, sender, recipient = _case(), ho.generate_key_pair("Sender"), ho.generate_key_pair("Recipient")
    for audience in ("internal", "handover"):
        bundle = ho.pack(case, to=[recipient.public], audience=audience, sign=sender, key=KEY, now=NOW)
        payload = bundle[13:-64]
        target = [x25519.Recipient.from_str(recipient.public.encryption)]
        signer = Ed25519PrivateKey.from_private_bytes(sender.signing_seed)
        pack_ms = _median_ms(lambda a=audience: ho.pack(case, to=[recipient.public], audience=a, sign=sender,
                                                         key=KEY, now=NOW), repeat)  # fmt: skip
        bare_ms = _median_ms(lambda p=payload, t=target, s=signer: s.sign(pyrage.encrypt(p, t)), repeat)
        open_ms = _median_ms(lambda b=bundle: ho.open(b, key=recipient, sender=sender.public), repeat)
        print(f"{audience:9} bundle {len(bundle):>7,} bytes | pack {pack_ms:7.1f} ms (bare encrypt+sign "
              f"{bare_ms:5.1f} ms) | open {open_ms:6.1f} ms")  # fmt: skip
    policy = parse_retention(
        'format = "desistkit-retention/1"\n[drop]\nclient = "12 months"\nnotes = "5 years"\n'
    )
    closed = attrs.evolve(case, closed=dk.Closure(dt.date(2026, 1, 31), dk.ClosureReason.COMPLETED))
    per_case = _median_ms(lambda: apply(closed, policy, dt.date(2031, 2, 1)), repeat * 10)
    print(f"retention apply (client and notes due) {per_case:.2f} ms per case")


if __name__ == "__main__":
    main()
