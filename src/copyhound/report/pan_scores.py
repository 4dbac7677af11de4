"""The table `copyhound eval pan` prints: PAN measures per folder and pooled."""

from __future__ import annotations

from rich.table import Table

from copyhound.evaluate.pan import FolderResult, scores


def render_pan_scores(results: list[FolderResult], total: int, elapsed: float) -> Table:
    rate = total / elapsed if elapsed else 0.0
    table = Table(
        title=f"{total} pairs aligned in {elapsed:.1f} s ({rate:.0f} pairs/s, wall clock, "
        "reading and tokenising included, scoring excluded)",
        title_justify="left",
    )
    cols = ("folder", "part", "pairs", "detected", "precision", "recall", "granularity", "plagdet")
    for col in cols:
        table.add_column(col, justify="left" if col in ("folder", "part") else "right")

    def row(label: str, pairs: str, detected: str, folders: list[FolderResult], sound: bool):
        s = scores(folders, sound=sound)
        table.add_row(
            label,
            folders[0].part,
            pairs,
            detected,
            f"{s.precision:.4f}",
            f"{s.recall:.4f}",
            f"{s.granularity:.4f}",
            f"{s.plagdet:.4f}",
        )

    # Results come folder by folder, each folder once per part: the parts' rows side by side.
    for r in results:
        pairs, detected = str(r.pairs), f"{r.detected_share:.1%}"
        if r.has_truth:
            row(r.name, pairs, detected, [r], sound=False)
        else:
            table.add_row(r.name, r.part, pairs, detected, "", "", "", "")
    for r in results:
        if r.has_truth:
            row(f"{r.name} (sound cases)", "", "", [r], sound=True)
    parts = list(dict.fromkeys(r.part for r in results))
    for sound in (False, True):
        for part in parts:
            truth = [r for r in results if r.has_truth and r.part == part]
            if len(truth) > 1:
                names = "+".join(r.name[:2] for r in truth)
                count = str(sum(r.pairs for r in truth))
                label = f"{names} ({'sound' if sound else 'all'} cases)"
                row(label, count, "", truth, sound=sound)
    return table
