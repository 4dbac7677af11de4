"""Checks as jobs: background worker threads take queued jobs from the service database, run
the library on the stored files and store the reports.

A job is taken under a lease its worker renews while it runs. When the server is killed, its
running jobs are queued again at the next start (their owner process is gone) or, from
another server process sharing the data folder, once the lease runs out; so every accepted job
is finished. A job whose run kills the worker ``max_attempts`` times is marked failed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import socket
import threading
import time
import traceback
from typing import Any

from copyhound.errors import CopyhoundError
from copyhound.index.workers import process_alive
from copyhound.service.config import ServiceConfig
from copyhound.service.storage import Job, Store, StoredFile

_BOOT = secrets.token_hex(4)


def owner_id() -> str:
    """This process on this host: ``host:pid:boot``."""
    return f"{socket.gethostname()}:{os.getpid()}:{_BOOT}"


def owner_alive(owner: str) -> bool:
    """Whether the process that owns a job may still run it. Another host's process cannot be
    asked: its lease decides."""
    host, _, rest = owner.partition(":")
    pid_text, _, boot = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return boot == _BOOT
    return process_alive(pid)


class Progress:
    """Writes a job's progress (and renews its lease) at most every half second."""

    def __init__(self, store: Store, job: Job, owner: str, lease: float) -> None:
        self.store, self.job, self.owner, self.lease = store, job, owner, lease
        self._last = 0.0

    def __call__(self, fraction: float, stage: str, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last > 0.5:
            self._last = now
            self.store.update_progress(self.job.id, self.owner, fraction, stage, self.lease)


def unique_names(files: list[StoredFile]) -> list[str]:
    """Display names made unique within a job (reports tell documents apart by name)."""
    seen: dict[str, int] = {}
    out = []
    for f in files:
        name = f.display_name
        if name in seen:
            seen[name] += 1
            stem, dot, ext = name.rpartition(".")
            name = f"{stem} ({seen[name]}).{ext}" if dot and stem else f"{name} ({seen[name]})"
        seen.setdefault(name, 1)
        out.append(name)
    return out


class Runner:
    """Runs one job with the library; keeps one open collection per worker thread (its
    fingerprint segments stay cached between jobs)."""

    def __init__(self, store: Store, config: ServiceConfig, write_lock: threading.Lock) -> None:
        self.store, self.config, self.write_lock = store, config, write_lock
        self._collection = None

    def collection(self):
        from copyhound.index.store import open_collection

        if self._collection is None:
            self._collection = open_collection(self.config.collection, create=True)
        return self._collection

    def close(self) -> None:
        if self._collection is not None:
            self._collection.close()
            self._collection = None

    def documents(self, files: list[StoredFile]):
        from copyhound.read.documents import read_bytes

        docs = []
        for f, name in zip(files, unique_names(files), strict=True):
            doc = read_bytes(self.store.read_file(f.stored_name), name)
            doc.path = name  # never the stored name: reports show what the user uploaded
            docs.append(doc)
        return docs

    def run(self, job: Job, progress: Progress) -> tuple[dict[str, Any], str, str]:
        """``(headline figures, JSON report, HTML report)``."""
        if job.kind == "batch":
            return self.run_batch(job, progress)
        return self.run_check(job, progress)

    def run_check(self, job: Job, progress: Progress) -> tuple[dict[str, Any], str, str]:
        from copyhound.api import PairAligner, compare
        from copyhound.engine.pipeline import Settings
        from copyhound.filter.overlaps import FilterSettings
        from copyhound.judge.verdict import JudgeOptions, judge_report

        p = job.params
        files = self.store.job_files(job.id)
        progress(0.02, "reading", force=True)
        suspect_file = next(f for f in files if f.role == "suspect")
        suspect = self.documents([suspect_file])[0]
        sources = self.documents([f for f in files if f.role == "source"])
        template = [f for f in files if f.role == "template"]
        settings = Settings(
            filter=FilterSettings(min_words=p["min_words"], min_chars=p["min_chars"])
        )
        semantic = self.semantic_settings(p)
        judge = JudgeOptions(
            exclude_quotes=p["exclude_quotes"],
            exclude_bibliography=p["exclude_bibliography"],
            min_match_words=p["min_match_words"],
            min_source_percent=p["min_source_percent"],
            template=self.documents(template)[0] if template else None,
        )
        retrieval_info = None
        if p["collection"]:
            from copyhound.index.retrieve import RetrievalSettings, check_against_collection

            progress(0.1, "searching the collection", force=True)
            aligner = PairAligner(settings, semantic)
            counted = {"n": 0}

            def aligning(suspect_p, source_p):
                counted["n"] += 1
                progress(min(0.9, 0.2 + 0.02 * counted["n"]), f"aligning {source_p.document.name}")
                return aligner(suspect_p, source_p)

            found = check_against_collection(
                suspect,
                self.collection(),
                sources,
                settings,
                RetrievalSettings(top=self.config.top),
                aligner=aligning,
            )
            progress(0.92, "judging", force=True)
            report = judge_report(found.report, judge)
            retrieval_info = {
                "candidates": [c.to_dict() for c in found.candidates],
                "matches_left_out": found.matches_left_out,
            }
        else:
            total = max(1, len(sources))
            done = {"n": 0}

            def compared(doc):
                done["n"] += 1
                progress(0.05 + 0.85 * done["n"] / total, f"compared {doc.name}")

            report = compare(suspect, sources, settings, compared, judge=judge, semantic=semantic)
        data = report.to_dict()
        if retrieval_info is not None:
            data["retrieval"] = retrieval_info
        if p["add"]:
            progress(0.95, "adding to the collection", force=True)
            self.add_to_collection(job, suspect, suspect_file)
        html = report.to_html(title=f"copyhound: {suspect.name}")
        return headline(report), json.dumps(data, ensure_ascii=False, indent=2) + "\n", html

    def add_to_collection(self, job: Job, suspect, stored: StoredFile) -> None:
        from copyhound.index.store import prepare_document

        user = self.store.user_by_id(job.user_id)
        name = f"{user.name if user else 'user'}/{job.id}/{suspect.name}"
        doc = dataclasses.replace(suspect, name=name, path=name)
        # Through this runner's own connection: a write drops its cached segments, so its next
        # check sees the document (other runners' connections see it by ``data_version``).
        with self.write_lock:
            coll = self.collection()
            entry = prepare_document(doc, stored.sha256, stored.bytes, coll.settings)
            coll.add_documents([entry])

    def semantic_settings(self, p: dict[str, Any]):
        if not p.get("semantic"):
            return None
        from copyhound.filter.overlaps import FilterSettings
        from copyhound.semantic.align import SemanticSettings
        from copyhound.semantic.embed import load_model

        settings = SemanticSettings(
            sensitivity=p.get("sensitivity", "normal"),
            filter=FilterSettings(min_words=1, min_chars=p["min_chars"]),
        )
        load_model(settings.threads)
        return settings

    def run_batch(self, job: Job, progress: Progress) -> tuple[dict[str, Any], str, str]:
        from copyhound.engine.pipeline import Settings
        from copyhound.filter.overlaps import FilterSettings
        from copyhound.index.batch import BatchSettings, compare_batch
        from copyhound.report import batch as batch_report

        p = job.params
        progress(0.02, "reading", force=True)
        docs = self.documents([f for f in self.store.job_files(job.id) if f.role == "member"])

        spans = {"fingerprinting": (0.03, 0.07), "pairs": (0.1, 0.55), "collection": (0.65, 0.3)}

        def step(stage: str, done: int, total: int) -> None:
            base, width = spans.get(stage, (0.65, 0.3))
            progress(base + width * done / max(1, total), f"{stage} {done}/{total}")

        result = compare_batch(
            docs,
            self.collection() if p["collection"] else None,
            Settings(filter=FilterSettings(min_words=p["min_words"])),
            BatchSettings(cluster_min_similarity=p["cluster_min"]),
            progress=step,
        )
        # Files of the upload that could not be read were left out when it was accepted.
        result.skipped = list(p.get("skipped", []))
        summary = {
            "submissions": len(docs),
            "skipped": result.skipped,
            "pairs_with_passages": len(result.pairs),
            "clusters": len(result.clusters),
            "top_similarity": round(max((r.similarity for r in result.pairs), default=0.0), 4),
        }
        return summary, batch_report.dumps(result), batch_report.to_html(result)


def headline(report) -> dict[str, Any]:
    """The figures the list of checks shows."""
    from copyhound.report.verdicts import reuse_index

    index = reuse_index(report)
    return {
        "reused_share": round(report.reused_share(), 4),
        "index_percent": round(index.percent, 1),
        "index_basis": index.basis,
        "matches": len(report.matches),
        "sources_with_matches": sum(1 for d in report.sources if report.matches_for(d.name)),
    }


class Workers:
    """``config.workers`` threads taking jobs from the database, plus one renewing the leases
    of the jobs they run."""

    def __init__(self, store: Store, config: ServiceConfig, write_lock: threading.Lock) -> None:
        self.store, self.config = store, config
        self.owner = owner_id()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._running: set[str] = set()
        self._lock = threading.Lock()
        self._write_lock = write_lock

    def start(self) -> None:
        self.store.release_dead_owners(owner_alive)
        self.store.sweep_orphans()
        for n in range(self.config.workers):
            t = threading.Thread(target=self._loop, name=f"copyhound-worker-{n}", daemon=True)
            t.start()
            self._threads.append(t)
        t = threading.Thread(target=self._renew, name="copyhound-leases", daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()

    def _renew(self) -> None:
        while not self._stop.wait(self.config.lease_seconds / 4):
            with self._lock:
                running = list(self._running)
            for job_id in running:
                try:
                    with self.store.transaction() as conn:
                        conn.execute(
                            "UPDATE jobs SET lease_until = ? WHERE id = ? AND owner = ?",
                            (time.time() + self.config.lease_seconds, job_id, self.owner),
                        )
                except Exception:  # a busy database: the next round renews it
                    pass

    def _loop(self) -> None:
        runner = Runner(self.store, self.config, self._write_lock)
        try:
            while not self._stop.is_set():
                try:
                    job = self.store.claim_job(self.owner, self.config.lease_seconds)
                except Exception:
                    job = None
                if job is None:
                    self._stop.wait(self.config.poll_seconds)
                    continue
                self._run(runner, job)
        finally:
            runner.close()
            self.store.close()

    def _run(self, runner: Runner, job: Job) -> None:
        with self._lock:
            self._running.add(job.id)
        try:
            if job.attempts > self.config.max_attempts:
                self.store.finish_job(
                    job.id,
                    self.owner,
                    "failed",
                    error=f"stopped the server {job.attempts - 1} times; not tried again",
                )
                return
            progress = Progress(self.store, job, self.owner, self.config.lease_seconds)
            try:
                summary, report_json, report_html = runner.run(job, progress)
            except CopyhoundError as exc:
                self.store.finish_job(job.id, self.owner, "failed", error=str(exc))
                return
            except Exception as exc:
                if os.environ.get("COPYHOUND_DEBUG"):
                    traceback.print_exc()
                runner.close()  # start from a fresh collection connection
                self.store.finish_job(
                    job.id,
                    self.owner,
                    "failed",
                    error=f"internal error: {type(exc).__name__}: {exc}",
                )
                return
            self.store.save_result(job.id, "json", report_json)
            self.store.save_result(job.id, "html", report_html)
            finished = self.store.finish_job(job.id, self.owner, "done", summary=summary)
            if not finished and self.store.job(job.id) is None:
                self.store.remove_results(job.id)  # deleted while it ran: keep no stray report
        finally:
            with self._lock:
                self._running.discard(job.id)
