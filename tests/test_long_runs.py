"""Memory of long runs (issue 18): nothing a run keeps may grow with the number of documents it reads.

Cheap checks of each bound that was put in place: every cache has a small maximum size, the store
writer keeps no per-document index in memory (the near-duplicate index lives in the store), the
story rebuild that ends a large ingest runs in a child process, and an ingest forgets each document's
key once the document is written. The measured peaks are in docs/RELIABILITY.md ("Memory of long runs").
"""

from __future__ import annotations

import ast
import random
import tracemalloc
from pathlib import Path

import newsdesk
from newsdesk.store.db import connect
from newsdesk.store.writer import Analysed, StoreWriter

from .test_store_support import plain

SRC = Path(newsdesk.__file__).resolve().parent
# Caches keyed by the names of shipped files (a fixed, small domain), allowed without a maximum size.
UNBOUNDED_OK = {("knowledge/__init__.py", "load_data"), ("analysis/embeddings.py", "load_head"),
                ("serve/pages.py", "_page_html")}
MAX_ENTRIES = 65_536


def _cache_sizes() -> list[tuple[str, str, object]]:
    """(file, function, maxsize) of every functools cache decorator in the package."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for deco in node.decorator_list:
                name = deco.func if isinstance(deco, ast.Call) else deco
                label = name.attr if isinstance(name, ast.Attribute) else getattr(name, "id", "")
                if label == "cache":
                    found.append((str(path.relative_to(SRC)), node.name, None))
                elif label == "lru_cache":
                    size: object = 128
                    for kw in deco.keywords if isinstance(deco, ast.Call) else []:
                        if kw.arg == "maxsize":
                            value = kw.value
                            size = value.value if isinstance(value, ast.Constant) else constants.get(value.id, "?")
                    found.append((str(path.relative_to(SRC)), node.name, size))
    return found


def test_every_cache_has_a_small_maximum_size():
    # A cache keyed by words, names or places fills for as long as a run meets new ones: the n-gram
    # cache (200,000 entries of 2.2 kB) and the distance cache (262,144) grew for thousands of documents.
    sizes = _cache_sizes()
    assert len(sizes) > 20  # the walk finds the package's caches
    for path, function, size in sizes:
        if (path, function) in UNBOUNDED_OK:
            continue
        assert isinstance(size, int) and size <= MAX_ENTRIES, (path, function, size)


def test_models_char_caches_are_bounded():
    from newsdesk.analysis import linear

    assert linear.CHAR_CACHE_WORDS <= 30_000 and linear.WORD_NGRAM_CACHE <= 20_000


def _docs(n: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    words = ["talks", "minister", "ceasefire", "Geneva", "said", "troops", "border", "aid", "vote", "court",
             "province", "police", "market", "river", "harvest", "council", "strike", "election", "port", "rain"]
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(60))
        text = f"Report {i} from Lirra.\n\nAnja Polk said {body}."
        out.append(plain(text, f"gen/{i}.txt", actors=("Anja Polk",), places=("Lirra",)))
    return out


def test_store_writer_memory_does_not_grow_with_the_store(tmp_path):
    # The near-duplicate index was held in memory (about 6 kB per stored document); it is in the store
    # now, so writing 400 more documents leaves the writer's Python memory where it was.
    db = str(tmp_path / "long.db")
    docs = _docs(600)
    with StoreWriter(db) as writer:
        for at in range(0, 200, 50):
            writer.write([Analysed(a, a.document.id, a.document.source) for a in docs[at:at + 50]])
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for at in range(200, 600, 50):
            writer.write([Analysed(a, a.document.id, a.document.source) for a in docs[at:at + 50]])
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    assert grown < 400 * 1_000, grown  # under 1 kB per document (the in-memory index: ~6 kB)
    with connect(db) as conn:
        assert conn.one("SELECT COUNT(DISTINCT doc_id) FROM lsh_bands")[0] == 600


def test_story_rebuild_of_a_large_store_runs_in_a_child_process(tmp_path, monkeypatch):
    from newsdesk.store import stories

    db = str(tmp_path / "stories.db")
    docs = _docs(6)
    with StoreWriter(db) as writer:
        writer.write([Analysed(a, a.document.id, a.document.source) for a in docs])
        here = stories.rebuild_stories(writer)
        expected = stories.list_stories(db, min_docs=1)
        monkeypatch.setattr(stories, "APART_FROM_DOCS", 1)
        called = []
        monkeypatch.setattr(stories, "rebuild_stories", lambda w: called.append(w))  # never in this process
        assert stories.rebuild_after_ingest(writer) == here
        assert called == []
    assert [(s["n_docs"], s["documents"]) for s in stories.list_stories(db, min_docs=1)] == \
           [(s["n_docs"], s["documents"]) for s in expected]


def test_ingest_forgets_each_key_once_written(tmp_path, monkeypatch):
    import newsdesk.ingest as ingest_module

    seen_sizes = []
    real_finish = ingest_module._finish

    def finish(entry, writer, report, in_flight):
        done = real_finish(entry, writer, report, in_flight)
        seen_sizes.append(len(in_flight))
        return done

    monkeypatch.setattr(ingest_module, "_finish", finish)
    monkeypatch.setattr(ingest_module, "analyse_batch", lambda raws, *a, **k: [
        next(d for d in docs if d.document.text == raw.text) for raw in raws])
    docs = _docs(40, seed=2)
    path = tmp_path / "in.jsonl"
    import json

    path.write_text("".join(json.dumps({"text": d.document.text}) + "\n" for d in docs), encoding="utf-8")
    report = ingest_module.ingest([str(path)], db=str(tmp_path / "i.db"), progress=False, batch_size=8,
                                  stories=False)
    assert report.analysed == 40
    assert seen_sizes and max(seen_sizes) <= 8  # at most the batch in flight, not every key of the run
