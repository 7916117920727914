"""Draw the stance gold sample (tests/data/stance_gold.csv) from the General Debate corpus.

Reproducible: seed 20261207, the mirror's ``ungdc`` folder (MULTIPOLAR_MIRROR), sessions 1-79.
For each (speaker, target) direction below, speeches of that speaker are shuffled and at most
one sentence per speech (8-70 words, naming the target by name, demonym or capital) is taken
until the quota is met. Hostile pairs are over-sampled (12 a direction), allied pairs 8, and 48
rows come from random speeches naming any of the listed states ("other mentions").
Split: sessions divisible by 3 are *held-out* (never read while writing the stance cues); the
rest are *dev*. Labels are added by hand afterwards (pass1, pass2, label); this script only
writes the unlabelled rows (``--out``) and never overwrites labels.

    python benchmarks/stance_sample.py --out /tmp/stance_sample.csv

The second held-out set (``tests/data/stance_heldout2.csv``, drawn after the first held-out
part had been scored once and so could no longer be used to judge a changed coder) is the same
design with smaller quotas under a new seed, leaving out every speech-and-target pair of the
first gold set; all its rows are held-out:

    python benchmarks/stance_sample.py --seed 20261208 --quotas 5,4,32 \
        --exclude tests/data/stance_gold.csv --split heldout2 --out /tmp/stance_heldout2.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
from pathlib import Path

from multipolar.sources.text.segment import sentences

SEED = 20261207
NAMES = {
    "USA": r"United States|U\.S\.A?\.|\bUSA\b|(?<!Latin )(?<!Central )(?<!South )(?<!North )"
    r"\bAmerica(?:n|ns)?\b|Washington",
    "RUS": r"Soviet Union|USSR|U\.S\.S\.R\.|\bSoviet\b|Russia(?:n)?|Moscow",
    "CHN": r"\bChina\b|Chinese|Beijing|Peking",
    "IND": r"\bIndia\b|Indian(?! Ocean)|New Delhi",
    "PAK": r"Pakistan(?:i|is)?|Islamabad",
    "PRK": r"Democratic People's Republic of Korea|North Korea(?:n)?|DPRK|Pyongyang",
    "IRN": r"\bIran(?:ian)?\b|Tehran|Teheran",
    "ISR": r"\bIsrael(?:i|is)?\b|Zionist",
    "ARM": r"Armenia(?:n|ns)?|Yerevan",
    "AZE": r"Azerbaijan(?:i|is)?|Baku",
    "GRC": r"\bGreece\b|\bGreek\b|Athens",
    "TUR": r"Turkey|Turkish|T[uü]rkiye|Ankara",
    "GBR": r"United Kingdom|Britain|British|London",
    "FRA": r"\bFrance\b|French(?! Polynesia)|Paris",
    "DEU": r"Germany|German",
    "JPN": r"\bJapan(?:ese)?\b|Tokyo",
    "ARG": r"Argentin(?:a|e|ian)",
    "BRA": r"Brazil(?:ian)?",
    "UKR": r"Ukrain(?:e|ian)|Kyiv|Kiev",
    "CUB": r"\bCuba(?:n)?\b|Havana",
}
HOSTILE = [
    ("IND", "PAK"), ("PAK", "IND"), ("RUS", "USA"), ("USA", "RUS"), ("PRK", "USA"),
    ("USA", "PRK"), ("IRN", "USA"), ("USA", "IRN"), ("ISR", "IRN"), ("IRN", "ISR"),
    ("CHN", "USA"), ("USA", "CHN"), ("ARM", "AZE"), ("AZE", "ARM"), ("GRC", "TUR"),
    ("TUR", "GRC"),
]  # fmt: skip
ALLIED = [
    ("USA", "GBR"), ("GBR", "USA"), ("FRA", "DEU"), ("DEU", "FRA"), ("RUS", "CHN"),
    ("CHN", "RUS"), ("PAK", "CHN"), ("USA", "ISR"), ("JPN", "USA"), ("BRA", "ARG"),
    ("CUB", "RUS"), ("UKR", "RUS"),
]  # fmt: skip
_FILE = re.compile(r"^([A-Z]{3})_(\d+)_(\d{4})\.txt$")


def corpus_dir() -> Path:
    """The mirror's General Debate folder."""
    return Path(os.environ["MULTIPOLAR_MIRROR"]) / "ungdc"


def speeches() -> list[tuple[str, int, int, Path]]:
    """``(ISO3, session, year, path)`` of every speech, sorted."""
    out = []
    for p in sorted(corpus_dir().glob("Session */*.txt")):
        m = _FILE.match(p.name)
        if m:
            out.append((m.group(1), int(m.group(2)), int(m.group(3)), p))
    return out


def _candidates(path: Path, target: str) -> list[str]:
    pat = re.compile(NAMES[target])
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for _s, _e, sent in sentences(text):
        sent = " ".join(sent.split())
        if 8 <= len(sent.split()) <= 70 and pat.search(sent):
            out.append(sent)
    return out


def sample(
    *,
    seed: int = SEED,
    quotas: tuple[int, int, int] = (12, 8, 48),
    exclude: frozenset[tuple[str, str]] = frozenset(),
    exclude_sentences: frozenset[str] = frozenset(),
    split: str | None = None,
    prefix: str = "s",
) -> list[dict[str, object]]:
    """The unlabelled sample rows.

    ``quotas``: sentences per hostile direction, per allied direction, and random "other"
    rows. ``exclude``: ``(file, target)`` pairs never taken (an earlier sample's rows);
    ``exclude_sentences``: sentences never taken (an earlier sample's, with any target).
    ``split``: every row's split; by default held-out for sessions divisible by 3, else dev.
    """
    rng = random.Random(seed)
    all_sp = speeches()
    by_speaker: dict[str, list[tuple[str, int, int, Path]]] = {}
    for sp in all_sp:
        by_speaker.setdefault(sp[0], []).append(sp)
    rows: list[dict[str, object]] = []
    seen: set[str] = set(exclude_sentences)

    def take(sp: tuple[str, int, int, Path], target: str, group: str) -> bool:
        if (sp[3].name, target) in exclude:
            return False
        cands = [c for c in _candidates(sp[3], target) if c not in seen]
        if not cands:
            return False
        sent = rng.choice(cands)
        seen.add(sent)
        rows.append(
            {"file": sp[3].name, "session": sp[1], "year": sp[2], "speaker": sp[0],
             "target": target, "group": group, "sentence": sent}
        )  # fmt: skip
        return True

    for group, pairs, quota in (("hostile", HOSTILE, quotas[0]), ("allied", ALLIED, quotas[1])):
        for a, b in pairs:
            pool = list(by_speaker.get(a, []))
            rng.shuffle(pool)
            got = 0
            for sp in pool:
                if got >= quota:
                    break
                got += take(sp, b, group)
    pool = list(all_sp)
    rng.shuffle(pool)
    got = 0
    for sp in pool:
        if got >= quotas[2]:
            break
        targets = [t for t in NAMES if t != sp[0]]
        got += take(sp, rng.choice(targets), "other")
    for i, r in enumerate(rows, 1):
        r["id"] = f"{prefix}{i:03d}"
        r["split"] = split or ("heldout" if int(str(r["session"])) % 3 == 0 else "dev")
    return rows


def main() -> None:
    """Write the unlabelled sample."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--quotas", default="12,8,48", help="hostile,allied,other")
    ap.add_argument(
        "--exclude",
        action="append",
        default=[],
        help="an earlier sample (CSV): its (file, target) pairs and sentences (repeatable)",
    )
    ap.add_argument("--split", help="every row's split (default: by session)")
    ap.add_argument("--prefix", default="s", help="id prefix")
    args = ap.parse_args()
    out = Path(args.out)
    old: list[dict[str, str]] = []
    for path in args.exclude:
        with open(path, encoding="utf-8") as fh:
            old += list(csv.DictReader(fh))
    exclude = frozenset((r["file"], r["target"]) for r in old)
    ex_sent = frozenset(r["sentence"] for r in old)
    h, a, o = (int(x) for x in args.quotas.split(","))
    rows = sample(seed=args.seed, quotas=(h, a, o), exclude=exclude,
                  exclude_sentences=ex_sent, split=args.split,
                  prefix=args.prefix)  # fmt: skip
    cols = ["id", "split", "file", "session", "year", "speaker", "target", "group", "sentence"]
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r[c] for c in cols})


if __name__ == "__main__":
    main()
