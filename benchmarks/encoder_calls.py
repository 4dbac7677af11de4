"""Where the sentence encoder's time goes: its calls over pan13-dev, and one route query.

    python benchmarks/encoder_calls.py pan [--corpus ../shared/data/pan13-dev] [--rounds 3]
    python benchmarks/encoder_calls.py route COPY_OF_route-100000.db [--queries 5] [--rounds 3]

``pan`` aligns every pan13-dev pair as ``pan_speed.py --semantic`` does, recording each call
of ``embed_texts`` (its texts), and prints the calls, sentences, tokens and micro-batches and
their CPU time; then it replays the recorded calls through the package's ``encode`` as they
came and all together in calls of 2,000 texts (the most that fewer, larger calls could save).

``route`` prints ``retrieval.route_query_times`` (CPU ms, median over 5,000-word suspects,
warm) on a collection: run it on a copy, the query may write to the file. Put another
checkout's ``src`` on ``PYTHONPATH`` to compare versions.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

_SPACES = re.compile(r"\s+")


def record_pan(corpus: Path) -> tuple[list[list[str]], float, float]:
    """Every embedding call of a ``--semantic`` pass over pan13-dev, its CPU s and the pass's."""
    import pan_speed

    import copyhound.semantic.embed as embed
    from copyhound.engine.pipeline import Settings

    calls: list[list[str]] = []
    spent = [0.0]
    original = embed.embed_texts

    def recording(texts, threads=None):
        calls.append([_SPACES.sub(" ", t).strip() or "." for t in texts])
        t = time.process_time()
        out = original(texts, threads)
        spent[0] += time.process_time() - t
        return out

    embed.load_model(1)
    embed.embed_texts = recording
    import copyhound.semantic.align as align

    align.embed_texts = recording
    try:
        t = time.process_time()
        pan_speed.run_pairs(corpus, pan_speed.all_pairs(corpus), Settings(), semantic=True)
        total = time.process_time() - t
    finally:
        embed.embed_texts = original
        align.embed_texts = original
    return calls, spent[0], total


def describe(calls: list[list[str]]) -> None:
    from copyhound.semantic.embed import load_model

    model = load_model(1)
    tokens = [
        [len(ids) for ids in model._tokenizer.encode(c, out_type=int, add_bos=True, add_eos=True)]
        for c in calls
    ]
    batches = 0
    for lens in tokens:  # the package's micro-batches: 384 tokens, in order
        n = 0
        for k in lens:
            if n and n + k > 384:
                batches += 1
                n = 0
            n += k
        batches += 1
    sentences = sum(map(len, calls))
    total = sum(map(sum, tokens))
    texts = [t for c in calls for t in c]
    print(
        f"calls {len(calls)}, sentences {sentences} ({len(set(texts))} distinct), tokens {total}, "
        f"micro-batches {batches}; per call: {sentences / len(calls):.1f} sentences, "
        f"{total / len(calls):.0f} tokens (median {statistics.median(map(sum, tokens)):.0f})"
    )


def replay(calls: list[list[str]], rounds: int) -> None:
    from copyhound.semantic.embed import load_model

    model = load_model(1)
    texts = [t for c in calls for t in c]
    merged = [texts[k : k + 2000] for k in range(0, len(texts), 2000)]
    times: dict[str, list[float]] = {"as called": [], "in calls of 2,000": []}
    for _ in range(rounds):
        for name, batch in (("as called", calls), ("in calls of 2,000", merged)):
            t = time.process_time()
            for c in batch:
                model.encode(c)
            times[name].append(time.process_time() - t)
    for k, v in times.items():
        each = ", ".join(f"{x:.2f}" for x in v)
        print(f"  {k}: CPU s per pass {each} (median {statistics.median(v):.2f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["pan", "route"])
    ap.add_argument("db", nargs="?", type=Path)
    ap.add_argument("--corpus", type=Path, default=REPO / ".." / "shared/data/pan13-dev")
    ap.add_argument("--queries", type=int, default=5)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if args.mode == "pan":
        calls, spent, total = record_pan(args.corpus)
        describe(calls)
        print(f"  embedding {spent:.2f} CPU s of the pass's {total:.2f} s")
        replay(calls, args.rounds)
        return 0
    from retrieval import long_suspects, route_query_times

    suspects = long_suspects(args.corpus / "susp", args.queries)
    for _ in range(args.rounds):
        q = route_query_times(args.db, suspects, args.top)
        print("  CPU ms median: " + ", ".join(f"{k} {v:.0f}" for k, v in q.items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
