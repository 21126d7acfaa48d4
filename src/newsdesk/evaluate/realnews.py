"""``newsdesk eval realnews``: every layer at once, on real articles labelled as an analyst would.

The set and its scorer live together (``shared/eval/realnews/``: ``realnews.dev.jsonl`` and
``score.py``; the README there defines every metric). This command runs the analysis exactly as
``newsdesk analyze FILE --json`` does and hands the records to that ``score.py``, so the numbers
are the scorer's own, by construction: no second copy of its definitions lives here.

The scorer is found beside the gold file, else at ``--scorer``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..errors import EvalDataError, MissingInput, NewsdeskError
from ..model import Analysis
from ..nlp import DEFAULT_MODEL

SCORER_NAME = "score.py"


def find_scorer(gold: str | Path, scorer: Optional[str | Path] = None) -> Path:
    """The realnews ``score.py``: the one given, else the one beside the gold file."""
    path = Path(scorer) if scorer else Path(gold).resolve().parent / SCORER_NAME
    if not path.is_file():
        raise EvalDataError(str(path), "the realnews scorer is not there; pass --scorer PATH/score.py")
    return path


def load_scorer(path: Path):
    """Import ``score.py`` as a module (it is standard library only)."""
    spec = importlib.util.spec_from_file_location("newsdesk_realnews_score", path)
    if spec is None or spec.loader is None:
        raise EvalDataError(str(path), "cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse_gold(gold: str | Path, model: str = DEFAULT_MODEL,
                 transform: Optional[Callable[[Analysis], dict]] = None,
                 min_confidence: Optional[float] = None) -> list[dict]:
    """The analysis records of the gold file's documents, as ``analyze --json`` prints them
    (``min_confidence``: as ``analyze --min-confidence``; None, each layer's default)."""
    from .. import analyze_many

    if not Path(gold).is_file():
        raise MissingInput(str(gold))
    gold_texts = _gold_texts(gold)
    records = []
    for item in analyze_many([str(gold)], model=model, min_confidence=min_confidence):
        if isinstance(item, NewsdeskError):
            raise item
        record = transform(item) if transform else item.to_json_dict()
        gold_text = gold_texts.get(str(record.get("document", {}).get("id")))
        records.append(rebase_offsets(record, gold_text) if gold_text is not None else record)
    return records


def _gold_texts(gold: str | Path) -> dict[str, str]:
    texts = {}
    with open(gold, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                texts[str(row.get("id"))] = row.get("text") or ""
    return texts


def rebase_offsets(record: dict, gold_text: str) -> dict:
    """The record with its offsets moved onto the gold's text.

    The reader puts a record's title before a text that does not open with it, and every offset
    refers to that ``document.text``; the gold's offsets refer to its ``text`` field alone. Where
    the analysed text is the gold text with a prefix, every offset moves back by the prefix's
    length and what lies in the prefix (the title the annotators did not see) is left out. Any
    other difference leaves the record as it is (the scorer then sees what the engine said)."""
    text = record.get("document", {}).get("text") or ""
    shift = len(text) - len(gold_text)
    if shift <= 0 or not text.endswith(gold_text):
        return record
    rebased = {key: value for key, value in record.items()}
    rebased["document"] = {**record["document"], "text": gold_text}
    for key, value in record.items():
        if key not in ("schema", "document") and isinstance(value, list):
            rebased[key] = [item for item in (_shifted(entry, shift) for entry in value) if item is not None]
    return rebased


def _shifted(item, shift: int):
    """One item with its spans moved by ``shift``; None when the item starts inside the prefix."""
    if not isinstance(item, dict):
        return item
    if isinstance(item.get("start"), int) and item["start"] - shift < 0:
        return None
    moved = {}
    for key, value in item.items():
        if key in ("start", "end") and isinstance(value, int):
            moved[key] = value - shift
        elif _is_span(value):
            moved[key] = [value[0] - shift, value[1] - shift] if value[0] >= shift else None
        elif isinstance(value, list) and value and all(_is_span(v) for v in value):
            moved[key] = [[s - shift, e - shift] for s, e in value if s >= shift]
            if key == "mentions" and not moved[key]:
                return None
        else:
            moved[key] = value
    return moved


def _is_span(value) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def score_records(gold: str | Path, predictions: Iterable[dict], scorer: Optional[str | Path] = None,
                  errors: Optional[str] = None) -> dict:
    """Score analysis records with the set's own ``score.py``; its metrics as a dict."""
    module = load_scorer(find_scorer(gold, scorer))
    with tempfile.TemporaryDirectory() as folder:
        pred = Path(folder) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as handle:
            for record in predictions:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        argv = [str(gold), str(pred), "--json"] + (["--errors", errors] if errors else [])
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            module.main(argv)
    return json.loads(printed.getvalue().strip().splitlines()[-1])


def evaluate_realnews(gold: str | Path, model: str = DEFAULT_MODEL, scorer: Optional[str | Path] = None,
                      errors: Optional[str] = None, min_confidence: Optional[float] = None) -> dict:
    """Analyse the gold file's documents and score them: ``score.py``'s metrics, nested by layer."""
    find_scorer(gold, scorer)  # fail before the analysis, not after it
    return score_records(gold, analyse_gold(gold, model=model, min_confidence=min_confidence),
                         scorer=scorer, errors=errors)


CURVE_THRESHOLDS = [round(0.05 * i, 2) for i in range(20)]


def threshold_curve(gold: str | Path, model: str = DEFAULT_MODEL, scorer: Optional[str | Path] = None,
                    plot: Optional[str] = None) -> list[dict]:
    """Pooled facts precision and recall with every layer cut at one threshold (0, 0.05, … 0.95), and
    at the layers' default thresholds (``threshold`` "default"): one analysis, filtered each time."""
    from ..confidence import keep_confident
    from ..model import Analysis

    find_scorer(gold, scorer)
    records = analyse_gold(gold, model=model, min_confidence=0.0)
    rows = []
    for limit in [*CURVE_THRESHOLDS, None]:
        kept = [keep_confident(Analysis.model_validate(r), limit).to_json_dict() for r in records]
        facts = score_records(gold, kept, scorer=scorer)["facts"]
        rows.append({"threshold": "default" if limit is None else limit, "precision": facts["precision"] or 0.0,
                     "recall": facts["recall"] or 0.0, "f1": facts["f1"] or 0.0, "n_pred": facts["n_pred"]})
    if plot:
        draw_curve(rows, plot)
    return rows


def draw_curve(rows: list[dict], path: str) -> None:
    """Precision and recall over the threshold, the defaults marked, as a PNG (matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sweep = [r for r in rows if r["threshold"] != "default"]
    default = next((r for r in rows if r["threshold"] == "default"), None)
    figure, axis = plt.subplots(figsize=(6, 4), dpi=100)
    xs = [r["threshold"] for r in sweep]
    axis.plot(xs, [r["precision"] for r in sweep], marker="o", label="precision (all facts pooled)")
    axis.plot(xs, [r["recall"] for r in sweep], marker="s", label="recall")
    if default:
        axis.axhline(default["precision"], color="C0", linestyle=":", label=f"precision at defaults {default['precision']:.2f}")
        axis.axhline(default["recall"], color="C1", linestyle=":", label=f"recall at defaults {default['recall']:.2f}")
    axis.set_xlabel("--min-confidence (every layer)")
    axis.set_ylim(0, 1)
    axis.set_title("newsdesk eval realnews --curve (dev)")
    axis.legend(loc="lower left", fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def flatten(metrics: dict) -> dict:
    """``{"quotes": {"precision": …}}`` → ``{"quotes.precision": …}``, for the table view."""
    flat = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{name}": v for name, v in value.items()})
        else:
            flat[key] = value
    return flat


# --- per item: which predicted facts are right (for calibration) --------------------------------

# The items score.py scores, per layer: (record field, the scorer's filter on them, its function).
SCORED_ITEMS = {
    "quotes": ("quotes", lambda item: True, "score_quotes"),
    "places": ("places", lambda item: bool(item.get("mentions")), "score_places"),
    "events": ("events", lambda item: True, "score_events"),
    "calls": ("calls_to_action", lambda item: True, "score_calls"),
    "stances": ("stances", lambda item: abs(item.get("polarity") or 0) > 0, "score_stances"),
}


def item_outcomes(gold: str | Path, predictions: list[dict], scorer: Optional[str | Path] = None
                  ) -> dict[str, list[tuple[Optional[float], bool]]]:
    """(confidence, right) of every predicted item the scorer counts, by layer.

    The matching is score.py's own: its functions run on each document as ``main`` runs them, with
    its one-to-one ``greedy`` matcher observed to learn which predicted items it matched; an actor
    is right unless the scorer lists it as an "actor false" error (in the order of its records).
    """
    module = load_scorer(find_scorer(gold, scorer))
    golds = [json.loads(line) for line in Path(gold).open(encoding="utf-8") if line.strip()]
    by_id = {(r.get("document") or {}).get("id"): r for r in predictions}
    matched: list[dict] = []
    original = module.greedy

    def observed(pairs):
        result = original(pairs)
        matched.append(result)
        return result

    module.greedy = observed
    out: dict[str, list[tuple[Optional[float], bool]]] = {layer: [] for layer in ["actors", *SCORED_ITEMS]}
    try:
        for record in golds:
            pred = by_id.get(record["id"]) or {}
            doc = module.Doc(record, pred)
            for layer, (field, keep, function) in SCORED_ITEMS.items():
                matched.clear()
                getattr(module, function)(doc, [])
                hits = set(matched[-1]) if matched else set()
                items = [item for item in pred.get(field, []) if keep(item)]
                out[layer] += [(item.get("confidence"), i in hits) for i, item in enumerate(items)]
            out["actors"] += _actor_outcomes(module, doc, pred)
    finally:
        module.greedy = original
    return out


def _actor_outcomes(module, doc, pred: dict) -> list[tuple[Optional[float], bool]]:
    errors: list = []
    module.score_actors(doc, errors)
    false = [(e[1], e[3]) for e in errors if e[0] == "actor false"]
    outcomes, k = [], 0
    text = doc.text
    for actor in (a for a in pred.get("actors", []) if a.get("mentions")):
        start, end = actor["mentions"][0]
        wrong = k < len(false) and false[k] == (actor["name"], text[start:end])
        k += wrong
        outcomes.append((actor.get("confidence"), not wrong))
    return outcomes
