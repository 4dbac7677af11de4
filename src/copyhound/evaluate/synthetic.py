"""A synthetic obfuscation corpus: known reuse, known offsets, for every kind of rewording.

PAN's corpora give offsets only for verbatim copies in the sample we have; this generator
makes suspects from source texts with cases whose offsets are known, so character-level
measures exist for obfuscated reuse too. Each suspect is a host text (another source) with
one passage of its source inserted at a sentence boundary, obfuscated in one of these ways:

- ``none``: copied as is;
- ``random``: PAN-style random obfuscation, word shuffles, deletions, insertions and
  synonym swaps (from a small built-in table);
- ``reorder``: the passage's sentences in another order;
- ``summary``: sentence extraction, about a third of the sentences kept in order (the
  source side of the case is the whole passage);
- ``no-plagiarism`` folders pair each host-only suspect with an unrelated source.

The output is the PAN text-alignment layout (``susp/``, ``src/``, ``NN-name/pairs`` and one
truth XML per pair) that ``copyhound eval pan`` reads. Nothing random escapes ``seed``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from copyhound.errors import InputError
from copyhound.model import Span
from copyhound.read.documents import read_document
from copyhound.semantic.sentences import split_sentences

OBFUSCATIONS = ("none", "random", "reorder", "summary")

FOLDERS = {
    "no-plagiarism": "01-no-plagiarism",
    "none": "02-no-obfuscation",
    "random": "03-random-obfuscation",
    "summary": "05-summary-obfuscation",
    "reorder": "06-reorder-obfuscation",
}

# A small symmetric synonym table for swaps; enough to break word n-grams, as WordNet
# swaps do in PAN's random obfuscation.
_SYNONYM_GROUPS = [
    "big large huge great",
    "small little tiny minor",
    "said stated noted remarked",
    "begin start commence",
    "end finish conclude",
    "show reveal demonstrate display",
    "help aid assist support",
    "quick fast rapid swift",
    "important significant major key",
    "many numerous several various",
    "often frequently regularly",
    "buy purchase acquire",
    "use employ utilize",
    "get obtain gain receive",
    "make create produce",
    "think believe consider",
    "need require want",
    "people persons individuals",
    "country nation state",
    "city town",
    "old ancient aged",
    "new novel recent fresh",
    "also too additionally",
    "however nevertheless yet",
    "because since as",
    "about approximately roughly around",
    "very extremely highly",
    "house home dwelling",
    "job work occupation",
    "try attempt",
    "answer reply response",
    "ask inquire query",
    "world globe earth",
    "problem issue difficulty",
    "part portion section piece",
    "child kid youngster",
    "area region zone",
    "company firm business",
    "government administration authorities",
    "money funds cash",
]
SYNONYMS: dict[str, list[str]] = {}
for _group in _SYNONYM_GROUPS:
    _words = _group.split()
    for _w in _words:
        SYNONYMS[_w] = [x for x in _words if x != _w]


@dataclass(frozen=True, slots=True)
class Case:
    """One reuse case of a made suspect, in the PAN truth file's terms."""

    obfuscation: str
    this_span: Span
    source_name: str
    source_span: Span


def _match_case(original: str, new: str) -> str:
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def random_obfuscation(text: str, rng: random.Random, strength: float = 0.3) -> str:
    """Shuffle, delete, insert and swap words, each word touched with about ``strength``."""
    words = text.split()
    if len(words) < 2:
        return text
    out: list[str] = []
    for w in words:
        r = rng.random()
        core = w.strip(".,;:!?\"'()").lower()
        if r < strength * 0.25 and len(words) > 4:
            continue  # deletion
        if r < strength * 0.6 and core in SYNONYMS:
            w = w.replace(w.strip(".,;:!?\"'()"), _match_case(w, rng.choice(SYNONYMS[core])), 1)
        out.append(w)
        if rng.random() < strength * 0.15:
            out.append(rng.choice(words).strip(".,;:!?\"'()").lower() or "the")  # insertion
    for _ in range(max(1, int(len(out) * strength * 0.2))):
        k = rng.randrange(len(out) - 1)
        out[k], out[k + 1] = out[k + 1], out[k]  # local shuffle
    return " ".join(out)


def obfuscate(sentences: list[str], how: str, rng: random.Random) -> str:
    """The reused text a suspect shows for a passage's ``sentences``."""
    if how == "none":
        return " ".join(sentences)
    if how == "random":
        return random_obfuscation(" ".join(sentences), rng)
    if how == "reorder":
        order = list(range(len(sentences)))
        while len(order) > 1 and order == sorted(order):
            rng.shuffle(order)
        return " ".join(sentences[k] for k in order)
    if how == "summary":
        keep = max(1, round(len(sentences) / 3))
        picked = sorted(rng.sample(range(len(sentences)), keep))
        return " ".join(sentences[k] for k in picked)
    raise ValueError(f"unknown obfuscation {how!r}")


def _sentences(text: str) -> list[Span]:
    return [s for s in split_sentences(text) if s.length >= 20]


def make_suspect(
    host: str, source: str, source_name: str, how: str, rng: random.Random, length: int = 6
) -> tuple[str, Case]:
    """A host text with one obfuscated passage of ``source`` inserted at a sentence boundary."""
    src_sents = _sentences(source)
    if len(src_sents) < 2:
        raise InputError(f"{source_name}: too few sentences to take a passage from")
    n = min(len(src_sents), rng.randint(max(2, length - 2), length + 2))
    if how == "summary":
        n = min(len(src_sents), max(n, 6))
    first = rng.randrange(len(src_sents) - n + 1)
    chosen = src_sents[first : first + n]
    pieces = [" ".join(source[s.start : s.end].split()) for s in chosen]
    reused = obfuscate(pieces, how, rng)
    host_sents = _sentences(host)
    cut = host_sents[rng.randrange(len(host_sents))].end if host_sents else len(host)
    before = host[:cut].rstrip()
    before = before + "\n\n" if before else ""
    suspect = before + reused + "\n\n" + host[cut:].lstrip()
    case = Case(
        how,
        Span(len(before), len(before) + len(reused)),
        source_name,
        Span(chosen[0].start, chosen[-1].end),
    )
    return suspect, case


def truth_xml(suspect_name: str, cases: list[Case]) -> str:
    lines = [f"<document reference={quoteattr(suspect_name)}>"]
    for c in cases:
        lines.append(
            f'<feature name="plagiarism" obfuscation="{c.obfuscation}" type="artificial"'
            f' this_offset="{c.this_span.start}" this_length="{c.this_span.length}"'
            f" source_reference={quoteattr(c.source_name)}"
            f' source_offset="{c.source_span.start}" source_length="{c.source_span.length}" />'
        )
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def make_corpus(
    sources: list[Path],
    out: Path,
    per_kind: int = 10,
    kinds: tuple[str, ...] = OBFUSCATIONS,
    seed: int = 0,
    no_plagiarism: int | None = None,
) -> dict[str, int]:
    """Write a PAN-layout corpus under ``out`` (which must not exist or be empty).

    Makes ``per_kind`` suspects of each obfuscation in ``kinds`` plus ``no_plagiarism``
    (default ``per_kind``) host-only suspects paired with unrelated sources. Returns the
    number of pairs written per folder.
    """
    for how in kinds:
        if how not in OBFUSCATIONS:
            raise InputError(f"unknown obfuscation {how!r} (one of {', '.join(OBFUSCATIONS)})")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out}: exists and is not an empty folder; refusing to write into it")
    texts = []
    for p in sources:
        doc = read_document(p)
        if len(_sentences(doc.text)) >= 4:
            texts.append(doc.text)
    if len(texts) < 2:
        raise InputError("need at least two source texts of four or more sentences each")
    rng = random.Random(seed)
    (out / "susp").mkdir(parents=True, exist_ok=True)
    (out / "src").mkdir(exist_ok=True)
    src_names = []
    for k, text in enumerate(texts):
        name = f"source-document{k + 1:05d}.txt"
        _write(out / "src" / name, text)
        src_names.append(name)
    counts: dict[str, int] = {}
    susp_no = 0
    plan = [(how, per_kind) for how in kinds]
    plan.append(("no-plagiarism", per_kind if no_plagiarism is None else no_plagiarism))
    for how, count in plan:
        if count <= 0:
            continue
        folder = out / FOLDERS[how]
        folder.mkdir()
        pairs = []
        for _ in range(count):
            susp_no += 1
            susp_name = f"suspicious-document{susp_no:05d}.txt"
            src_k, host_k = rng.sample(range(len(texts)), 2)
            if how == "no-plagiarism":
                suspect, cases = texts[host_k], []
            else:
                suspect, case = make_suspect(
                    texts[host_k], texts[src_k], src_names[src_k], how, rng
                )
                cases = [case]
            _write(out / "susp" / susp_name, suspect)
            pairs.append(f"{susp_name} {src_names[src_k]}")
            stem = f"{Path(susp_name).stem}-{Path(src_names[src_k]).stem}.xml"
            _write(folder / stem, truth_xml(susp_name, cases))
        _write(folder / "pairs", "\n".join(pairs) + "\n")
        counts[folder.name] = len(pairs)
    return counts
