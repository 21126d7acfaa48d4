"""The output directory around the shards: preparing it, resuming, and closing a run with its manifest.

A shard is complete when its marker (``_shards/part-NNNNN.json``) exists: the worker writes it after
the shard's tables. Closing a run checks that every planned shard is complete, drops documents whose
text an earlier shard already holds (the safety net that keeps each document once, reported in the
manifest), removes shards left over from an earlier, larger plan, and writes ``_manifest.json`` last.
``newsdesk load`` reads only directories with a manifest, so it never loads a half-written run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import pyarrow.compute as pc

from .. import __version__
from ..errors import BatchOutputError
from ..model import SCHEMA_ID
from .inputs import ShardSpec
from .tables import ATTEMPTS, FORMAT, MANIFEST, MARKERS, TABLES, part_name, read_table, write_json, write_shard

_OURS = set(TABLES) | {MARKERS, MANIFEST, ATTEMPTS}


def prepare_out(out: str) -> Path:
    """Create the output directory, or accept an earlier batch output there; refuse anything else."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise BatchOutputError(out, "is a file; --out needs a directory")
    path.mkdir(parents=True, exist_ok=True)
    strangers = sorted(p.name for p in path.iterdir() if p.name not in _OURS and not _scratch(p))
    if strangers:
        raise BatchOutputError(out, f"holds files that are not a newsdesk batch output ({', '.join(strangers[:3])}); "
                                    "choose an empty or new directory")
    (path / MANIFEST).unlink(missing_ok=True)  # the run is open: load refuses the directory until it ends
    _clear_scratch(path)
    return path


def _clear_scratch(path: Path) -> None:
    """Remove half-written files left by a worker that died mid-write (its retry wrote the shard)."""
    for scratch in [p for p in path.rglob("*.tmp-*") if p.is_file()]:
        scratch.unlink(missing_ok=True)


def _scratch(path: Path) -> bool:
    return ".tmp-" in path.name


def is_complete(out: Path, spec: ShardSpec, settings: dict) -> bool:
    """Whether an earlier run finished this very shard with these settings (then it is not redone)."""
    marker = read_marker(out, spec.shard)
    if not marker or marker.get("spec") != json.loads(spec.to_json()) or marker.get("settings") != settings:
        return False
    return all((out / name / f"{part_name(spec.shard)}.parquet").is_file() for name in TABLES)


def read_marker(out: Path, shard: int) -> dict | None:
    path = out / MARKERS / f"{part_name(shard)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def close_run(out: Path, specs: Sequence[ShardSpec], inputs: Sequence[str], plan: dict) -> dict:
    """Check every shard, drop cross-shard duplicates, clear stale shards, write the manifest."""
    markers = []
    for spec in specs:
        marker = read_marker(out, spec.shard)
        if marker is None or marker.get("spec") != json.loads(spec.to_json()):
            raise BatchOutputError(str(out), f"shard {spec.shard} ({spec.where}) did not finish; run the same "
                                             "command again: finished shards are kept")
        markers.append(marker)
    _drop_repeats(out, markers)
    _clear_stale(out, len(specs))
    # Every shard is finished, so a scratch file now is an attempt that died or was retried under
    # load (seen on Ray: 'stances/part-00000.parquet.tmp-<pid>' beside the finished part).
    _clear_scratch(out)
    manifest = {
        "format": FORMAT, "newsdesk": __version__, "analysis_schema": SCHEMA_ID,
        "model": markers[0]["model"] if markers else None, "inputs": list(inputs), **plan,
        "shards": [{"shard": m["spec"]["shard"], "input": m["spec"]["where"], "kind": m["spec"]["kind"],
                    "first_seq": m["spec"]["first_seq"], "records": m["spec"]["records"],
                    "documents": m["documents"], "failures": m["failures"]} for m in markers],
        "documents": sum(m["documents"] for m in markers), "failures": sum(m["failures"] for m in markers),
        "duplicates": [d for m in markers for d in m["duplicates"]],
        "rows": {name: sum(m["rows"][name] for m in markers) for name in TABLES},
        "bytes": {name: sum(m["bytes"][name] for m in markers) for name in TABLES},
    }
    write_json(out / MANIFEST, manifest)
    return manifest


def _drop_repeats(out: Path, markers: list[dict]) -> None:
    """Keep each document id in its first shard only: rewrite later shards without the repeats.

    Ids are 64-bit hashes (16 hex digits), checked as one numpy array: at 100 million documents that
    is 800 MB, where a Python set of the strings would take several GB.
    """
    import numpy as np

    ids = np.fromiter((int(i, 16) for m in markers for i in m["doc_ids"]), dtype=np.uint64)
    _, first = np.unique(ids, return_index=True)
    if len(first) == len(ids):
        return
    repeated = np.ones(len(ids), dtype=bool)
    repeated[first] = False
    at = 0
    kept_seq = {}
    for marker in markers:  # the first occurrences, for the report
        for doc_id, seq, rep in zip(marker["doc_ids"], marker["seqs"], repeated[at:at + len(marker["doc_ids"])]):
            if not rep:
                kept_seq.setdefault(doc_id, seq)
        at += len(marker["doc_ids"])
    at = 0
    for marker in markers:
        count = len(marker["doc_ids"])
        drop = [i for i, rep in enumerate(repeated[at:at + count]) if rep]
        at += count
        if drop:
            _rewrite_without(out, marker, drop, kept_seq)


def _rewrite_without(out: Path, marker: dict, drop: list[int], kept_seq: dict[str, int]) -> None:
    shard = marker["spec"]["shard"]
    dropped = {marker["doc_ids"][i] for i in drop}
    tables = {}
    for name in TABLES:
        table = read_table(out, name, [shard])
        if name != "failures":
            table = table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=_strings(dropped))))
        tables[name] = table.to_pylist()
    marker["duplicates"] += [{"doc_id": marker["doc_ids"][i], "seq": marker["seqs"][i],
                              "kept_seq": kept_seq[marker["doc_ids"][i]]} for i in drop]
    marker["doc_ids"] = [d for i, d in enumerate(marker["doc_ids"]) if i not in set(drop)]
    marker["seqs"] = [s for i, s in enumerate(marker["seqs"]) if i not in set(drop)]
    marker["documents"] = len(marker["doc_ids"])
    marker["rows"] = {name: len(rows) for name, rows in tables.items()}
    marker["bytes"] = write_shard(out, shard, tables)
    write_json(out / MARKERS / f"{part_name(shard)}.json", marker)


def _strings(values: set[str]):
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _clear_stale(out: Path, shards: int) -> None:
    """Remove shard files numbered beyond this plan (an earlier run over more input)."""
    for folder in [out / name for name in TABLES] + [out / MARKERS]:
        for path in folder.glob("part-*"):
            number = path.name.split(".")[0].removeprefix("part-")
            if number.isdigit() and int(number) >= shards:
                path.unlink()


def count_attempts(out: Path) -> list[tuple[int, int]]:
    """Every (shard, process id) start of a shard since the attempt marks were last cleared (a shard
    appears twice when a worker died in it, or an earlier run stopped). The marks are then removed."""
    import shutil

    folder = out / ATTEMPTS
    starts = []
    for mark in folder.glob("part-*"):
        shard, stamp = mark.name.split(".", 1)
        starts.append((int(shard.removeprefix("part-")), int(stamp.split("-")[0])))
    shutil.rmtree(folder, ignore_errors=True)
    return sorted(starts)


def read_manifest(directory: str) -> dict:
    """The manifest of a finished batch output, or a numbered error saying why there is none."""
    path = Path(directory)
    if not path.is_dir():
        raise BatchOutputError(directory, "no such directory; give the --out directory of a newsdesk batch run")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except OSError:
        raise BatchOutputError(directory, f"has no {MANIFEST}: not a newsdesk batch output, or its run did not "
                                          "finish (run the same newsdesk batch command again)") from None
    except ValueError as exc:
        raise BatchOutputError(directory, f"{MANIFEST} is not valid JSON ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BatchOutputError(directory, f"format {manifest.get('format')!r} is not {FORMAT!r}")
    return manifest
