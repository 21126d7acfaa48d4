"""``newsdesk eval calls``: calls to action against the project's own paragraph labels.

There is no public English set of calls to action with their addressees, so the project labelled
its own (``tests/data/calls_dev.jsonl``; guideline and method in ``docs/CALLS.md``). A label row
holds only a reference into a shared dev file (``file``, record ``id``, the paragraph's ``start``/
``end`` in that record's ``text``, and ``sha1``, the first 12 hex digits of the SHA-1 of the
paragraph, to detect drift) and the labels: ``is_call`` and ``calls``, each with ``addressees``
(strings as the text names them), ``action`` (the verb phrase) and ``speaker`` (the speaker's name
as the paragraph gives it, or null). The third-party text is read from ``shared/eval`` at run time.

Each paragraph is analysed on its own with the full pipeline (so quotes, segments and actors are
those the extractor would see), and the calls it returns are scored:

Keys are ``<part>_precision``, ``<part>_recall``, ``<part>_f1`` and the counts ``<part>_tp``,
``<part>_predicted``, ``<part>_gold`` for each part:

- ``detection``: paragraph level, does the paragraph contain a call (precision, recall, F1);
- ``calls``: call level: a predicted call matches a gold call of the same paragraph when their
  actions share tokens at overlap ≥ 0.5 (clipped token overlap over the longer action), greedy,
  one to one;
- ``addressees``: over (paragraph, addressee) pairs of all calls, a predicted addressee matches a
  gold one of the same paragraph at token overlap ≥ 0.5, greedy, one to one;
- ``speaker_accuracy``: over matched calls whose gold speaker is named in the paragraph, the
  predicted speaker's actor name and the gold name share their last word (case-insensitive).
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path
from typing import Optional

from ..errors import EvalDataError, MissingInput
from .data import read_records
from .metrics import clipped_overlap, prf, token_bag

DEFAULT_LABELS = Path(__file__).resolve().parents[3] / "tests" / "data" / "calls_dev.jsonl"
SOURCE_FILES = ("persuasion/semeval2023_en.dev.jsonl", "quotes/polnear.dev.jsonl")

# Broad cues used to pick candidate paragraphs for labelling (recall-oriented on purpose: the
# labels, not these cues, decide what is a call).
SELECTION_CUES = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:on|upon|for)|urg(?:e|es|ed|ing)|appeal(?:s|ed)? to|implor\w*|exhort\w*|"
    r"plead\w*|beg(?:s|ged)?|demand\w*|let us|let's|must|should|need to|have to|it is time|it's time|"
    r"time for|invit\w*|encourag\w*|join|stand up|vote for|don't|do not|please)\b|!", re.I)


def paragraph_hash(text: str) -> str:
    """The drift check stored with each label: 12 hex digits of the SHA-1 of the paragraph."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def paragraphs_of(file: str, record: dict) -> list[tuple[int, int]]:
    """Paragraph offsets in one record: a SemEval record is one paragraph; a PolNeAR article is
    split at its lines (paragraphs are separated by blank lines)."""
    text = record["text"]
    if file.startswith("persuasion/"):
        return [(0, len(text))] if text.strip() else []
    return [m.span() for m in re.finditer(r"(?m)^[^\n]*\S[^\n]*", text)]


def select_paragraphs(eval_dir: Path, files: tuple[str, ...] = SOURCE_FILES, cued: dict[str, Optional[int]] | None = None,
                      randoms: int = 30, seed: int = 20240604) -> list[dict]:
    """The paragraphs picked for labelling, file by file: the paragraphs with a selection cue (all,
    or a seeded sample of ``cued[file]``) and ``randoms`` seeded random paragraphs without one.

    The dev set (``calls_dev.jsonl``): every SemEval dev paragraph with a cue, 70 PolNeAR dev
    paragraphs with a cue, 30 random cue-less paragraphs from each (the defaults).
    """
    rng = random.Random(seed)
    wanted = cued if cued is not None else {"persuasion/semeval2023_en.dev.jsonl": None, "quotes/polnear.dev.jsonl": 70}
    picked: list[dict] = []
    for file in files:
        with_cue, without = [], []
        for record in read_records(eval_dir / file):
            for start, end in paragraphs_of(file, record):
                text = record["text"][start:end]
                row = {"file": file, "id": record["id"], "start": start, "end": end, "sha1": paragraph_hash(text)}
                (with_cue if SELECTION_CUES.search(text) else without).append(row)
        size = wanted.get(file)
        if size is not None:
            with_cue = rng.sample(with_cue, min(size, len(with_cue)))
        for row in with_cue:
            row["picked_by"] = "cue"
        sample = rng.sample(without, min(randoms, len(without)))
        for row in sample:
            row["picked_by"] = "random"
        picked += with_cue + sample
    return picked


def load_paragraphs(rows: list[dict], eval_dir: Path) -> list[str]:
    """The paragraph text of each label row, read from ``eval_dir``; a changed text is an error."""
    records: dict[tuple[str, str], str] = {}
    for file in {row["file"] for row in rows}:
        path = eval_dir / file
        if not path.exists():
            raise MissingInput(str(path))
        for record in read_records(path):
            records[(file, record["id"])] = record["text"]
    texts = []
    for number, row in enumerate(rows, start=1):
        full = records.get((row["file"], row["id"]))
        if full is None:
            raise EvalDataError(f"label row {number}", f"no record {row['id']} in {row['file']}")
        text = full[row["start"]:row["end"]]
        if paragraph_hash(text) != row["sha1"]:
            raise EvalDataError(f"label row {number}", f"the paragraph of {row['id']} changed (hash mismatch); relabel it")
        texts.append(text)
    return texts


def find_eval_dir(near: Path) -> Path:
    """``shared/eval`` beside the repository that holds ``near`` (or the current directory)."""
    for parent in [*near.resolve().parents, Path.cwd()]:
        candidate = parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    raise MissingInput("shared/eval (pass eval_dir)")


def evaluate_calls(labels: str | Path = DEFAULT_LABELS, eval_dir: Optional[str | Path] = None,
                   limit: Optional[int] = None, min_confidence: Optional[float] = 0.0) -> dict:
    """Detection, call, addressee and speaker scores of the extractor on the labelled paragraphs."""
    from ..pipeline import analyze_texts

    rows = read_records(labels, limit=limit, required=("file", "id", "start", "end", "sha1", "is_call", "calls"))
    texts = load_paragraphs(rows, Path(eval_dir) if eval_dir else find_eval_dir(Path(labels)))
    # The extractor's own output (min_confidence 0): the default thresholds are the record's choice,
    # measured on real news by ``eval realnews``; ``min_confidence`` None scores what the record states.
    predicted = [_predicted_calls(analysis) for analysis in analyze_texts(texts, min_confidence=min_confidence)]
    return score(rows, predicted)


def _predicted_calls(analysis) -> list[dict]:
    names = {actor.id: actor.name for actor in analysis.actors}
    return [{"addressees": call.addressees, "action": call.action, "speaker": names.get(call.speaker or ""),
             "form": call.form} for call in analysis.calls_to_action]


def score(rows: list[dict], predicted: list[list[dict]]) -> dict:
    """The metrics for labelled rows and each row's predicted calls (dicts with ``addressees``,
    ``action`` and ``speaker`` as a name)."""
    counts = {key: [0, 0, 0] for key in ("detection", "calls", "addressees")}  # tp, predicted, gold
    speaker_right = speaker_total = 0
    for row, calls in zip(rows, predicted):
        gold_calls = row["calls"] if row["is_call"] else []
        _add(counts["detection"], int(bool(calls) and bool(gold_calls)), int(bool(calls)), int(bool(gold_calls)))
        pairs = _greedy_pairs([c["action"] for c in calls], [g["action"] for g in gold_calls])
        _add(counts["calls"], len(pairs), len(calls), len(gold_calls))
        predicted_names = [n for c in calls for n in c["addressees"]]
        gold_names = [n for g in gold_calls for n in g["addressees"]]
        _add(counts["addressees"], len(_greedy_pairs(predicted_names, gold_names)), len(predicted_names), len(gold_names))
        for p, g in pairs:
            if gold_calls[g].get("speaker"):
                speaker_total += 1
                speaker_right += int(same_person(calls[p].get("speaker"), gold_calls[g]["speaker"]))
    result: dict = {}
    for key, (tp, n_pred, n_gold) in counts.items():
        precision, recall, f1 = prf(tp, n_pred, n_gold)
        result.update({f"{key}_precision": round(precision, 4), f"{key}_recall": round(recall, 4),
                       f"{key}_f1": round(f1, 4), f"{key}_tp": tp, f"{key}_predicted": n_pred, f"{key}_gold": n_gold})
    result["speaker_accuracy"] = round(speaker_right / speaker_total, 4) if speaker_total else 0.0
    result["speaker_n"] = speaker_total
    result["n"] = len(rows)
    result["n_positive"] = sum(1 for row in rows if row["is_call"])
    return result


def _add(counter: list[int], tp: int, n_pred: int, n_gold: int) -> None:
    counter[0] += tp
    counter[1] += n_pred
    counter[2] += n_gold


def token_overlap(first: str, second: str) -> float:
    """Clipped shared tokens over the longer text's token count (lower-cased, punctuation stripped)."""
    a, b = token_bag(_plain(first)), token_bag(_plain(second))
    longer = max(sum(a.values()), sum(b.values()))
    return clipped_overlap(a, b) / longer if longer else 0.0


def _plain(text: str) -> str:
    return re.sub(r"[^\w\s#'-]|(?<!\w)'|'(?!\w)", " ", text.replace("’", "'"))


def _greedy_pairs(predicted: list[str], gold: list[str], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) at overlap ≥ threshold, best overlap first."""
    scored = sorted(((token_overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
                    reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for overlap, i, j in scored:
        if overlap < threshold:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def same_person(predicted: Optional[str], gold: str) -> bool:
    """The predicted actor's name and the gold name share their last word (case-insensitive)."""
    if not predicted:
        return False
    last = lambda name: re.sub(r"[^\w]", "", name.split()[-1].lower()) if name.split() else ""
    return last(predicted) == last(gold) or gold.lower() in predicted.lower() or predicted.lower() in gold.lower()

