"""The cascade, stage by stage: read → segment → parse → extract → analyse → the analysis record.

| stage | reads | writes |
|---|---|---|
| ``read.html.from_html`` (``read.html_comments``) | the page's markup, trafilatura | article text, comments, whether the markup answered (``comments_known``) |
| ``segment.find_voices`` | text, title, HTML comment spans | voices (headline, byline, dateline, statement, comment, boilerplate, body), publisher |
| ``nlp.parse_many`` | text | one spaCy Doc per document, batched with ``nlp.pipe`` |
| ``extract.actors.mentions.find_mentions`` | Doc, byline | actor mentions with repaired labels |
| ``extract.actors.index.build_actors`` | Doc, mentions, statement speakers | actors, roles, kinship |
| ``extract.quotes.find_quotes`` (stages 1-5) | Doc, statement spans | quotes with speaker mentions |
| ``extract.quotes.speakers`` | quotes, voices, actors | speaker actor ids, first-person mentions |
| ``extract.actors.linking.link_actors`` | actors, document date | KB links (CAMEO, Wikidata), sector roles |
| ``extract.actors.confidence`` / ``extract.quotes.confidence`` | actor and quote records | ``confidence`` (measured on realnews dev) |
| ``extract.places.find_places`` | Doc, gazetteer | places with kind, country, coordinates, confidence |
| ``extract.dates.document_date`` | text head, published | the document date (metadata, else dateline / "Published:" / dated byline) |
| ``extract.dates.find_dates`` | Doc, document date | time expressions with ISO 8601 values (relative ones resolved, else null) |
| ``extract.calls.find_calls`` | Doc, segments, actors, quotes | calls to action: speaker, addressees, action, form |
| ``extract.events.find_events`` | Doc, actors, places, dates, voices, quotes | PLOVER events: type, mode, actor, recipient, place, date, negated, hypothetical |
| ``analysis.stance.find_stances`` | Doc, segments, actors, quotes (+ MiniLM embeddings of the sentences and targets when ``NEWSDESK_EMBEDDINGS`` is set) | holder → target polarity with evidence |
| ``analysis.techniques.find_techniques`` | Doc, segments, the techniques' threshold (labels under it are not localised) (+ MiniLM embeddings of the paragraphs when ``NEWSDESK_EMBEDDINGS`` is set) | SemEval-2023 persuasion techniques per paragraph/span |
| ``analysis.analogies.find_analogies`` | Doc, history KB, document date | historical analogies: knowledge-base and open references, with the comparison form |
| ``confidence.apply`` | the record, ``calibration.json``, ``min_confidence`` | calibrated ``confidence`` on every item; items below their layer's threshold left out |

Each document is parsed exactly once; every later stage is a function of that Doc and of the
results before it.

Which stage decides each segment kind (all before the parse, from the text alone):

| kind | decided by | from |
|---|---|---|
| ``headline`` | ``segment.voices`` (``_title_headline``, ``_headline``, ``_run_on_headline``), ``segment.datelines.headline_before`` | the input's title where the text opens with it; a short first paragraph; a Title-Case first sentence run into the story; the words before a run-on dateline |
| ``byline`` | ``segment.voices._byline``, ``segment.datelines`` (``run_on_credit``, the credit before a dateline) | 'By …' lines, publisher prefixes ('ISWNews Analysis Group:'), 'by Penny MacRae …', 'ANA Reporter' |
| ``dateline`` | ``segment.datelines.find_dateline`` | 'KABUL:', 'new delhi:', 'LONDON (AP) —', 'GUWAHATI, March 3:'; its ``place`` is read by the places layer |
| ``statement`` | ``segment.voices._statements`` | a reporting clause ending in ':' and a quotation that may span paragraphs |
| ``comment`` | ``read.html_comments`` (web pages: the page's comment sections), else trafilatura's comments, else ``segment.comments.find_comment_start`` (the text model, only where the markup says nothing) | |
| ``boilerplate`` | ``segment.boilerplate.find_boilerplate`` | share and subscribe lines, 'Read more …', photo credits, sign-offs, wire closers |
| ``body`` | ``segment.voices._body_runs`` | every paragraph run no other kind took |

Dateline, byline and boilerplate segments are read by no extractor: their mentions are no actors
(the publisher's excepted), and every quote, call, stance, event, technique and analogy inside one
is dropped here, in ``analyze_parsed`` (``segment.boilerplate.QUIET_KINDS``).
"""

from __future__ import annotations

import gc
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from .extract.actors import ActorIndex, build_actors, find_mentions, link_actors
from .extract.actors.kinds import headline_debris
from .extract.actors.index import _sports_report as sports_report
from .extract.places import find_places
from .extract.actors.confidence import with_confidence as actor_confidence
from .extract.quotes import calls_on, find_attributions, link_quote_speakers, statement_speaker_span
from .extract.quotes.confidence import with_confidence as quote_confidence
from .analysis.analogies import find_analogies
from .extract.calls import find_calls
from .extract.dates import document_date, find_dates
from .extract.events import find_events
from .analysis.stance import find_stances
from .analysis.techniques import find_techniques
from .language import detect as detect_language, warning as language_warning
from . import confidence
from .model import Actor, Analysis, DocumentInfo, Quote, Segment, TimeMention
from .nlp import DEFAULT_MODEL, load_pipeline, parse_many
from .read.document import RawDocument
from .spans import inside_any, outside, touches_any
from .segment.boilerplate import QUIET_KINDS
from .segment.voices import Voice, find_voices


def analyze_documents(raws: Iterable[RawDocument], model: str = DEFAULT_MODEL, batch_size: int = 16,
                      min_confidence: Optional[float] = None) -> Iterator[Analysis]:
    """Analyse assembled documents in order, parsing them in batches.

    ``min_confidence``: keep the items at or above it in every layer (0 keeps everything); None
    uses each layer's default threshold (``newsdesk.confidence``)."""
    _freeze_loaded(model)
    prepared = [(raw, *find_voices(raw.text, raw.comment_spans, raw.publisher, raw.comments_known, raw.title))
                for raw in raws]
    docs = parse_many((raw.text for raw, _v, _p in prepared), model=model, batch_size=batch_size,
                      breaks=(_breaks(voices) for _r, voices, _p in prepared))
    for (raw, voices, publisher), doc in zip(prepared, docs):
        yield analyze_parsed(raw, voices, publisher, doc, min_confidence=min_confidence)


_FROZEN = False
_WARM_UP = ("WASHINGTON (AP) — President Joe Biden said on Monday that the United States would send more "
            "troops to Poland next week. \"We will never surrender,\" he told reporters in Berlin. "
            "Protesters attacked a police station in Kabul, officials said.")


def _freeze_loaded(model: str) -> None:
    """Once per process: load the spaCy pipeline, then move every object alive now (the package's
    modules and tables, the model) out of the collector's reach with ``gc.freeze``.

    Why: the analysis allocates millions of short-lived objects, and each full collection walked
    the hundreds of thousands of long-lived ones again: 0.3 of 6.3 CPU s of analysis on 80
    corpus documents (scripts/profile_analysis.py). Frozen objects are still freed when their last
    reference goes; only a cycle alive at this moment and dropped later is never collected, and
    ``gc.collect`` first clears the cycles already dead. Once per process, so that a long-running
    caller does not freeze its own objects again and again.
    """
    global _FROZEN
    if _FROZEN:
        return
    _FROZEN = True  # before the warm-up, which comes back here through analyze_documents
    # One short document first, so that the knowledge bases and tables the stages load lazily are
    # loaded, and frozen, too (its caches only hold what any later document would put there).
    for _analysis in analyze_documents([RawDocument(text=_WARM_UP, published="2024-03-04").assemble()], model=model):
        pass
    gc.collect()
    gc.freeze()


def analyze_texts(texts: Iterable[str], model: str = DEFAULT_MODEL, min_confidence: Optional[float] = None) -> list[Analysis]:
    """Analyse plain texts (a convenience for library users and evaluations)."""
    raws = [RawDocument(text=t).assemble() for t in texts]
    return list(analyze_documents(raws, model=model, min_confidence=min_confidence))


def analyze_parsed(raw: RawDocument, voices: list[Voice], publisher: Optional[str], doc: Doc,
                   min_confidence: Optional[float] = None) -> Analysis:
    """Every extraction stage over one parsed document."""
    text = raw.text
    publisher_span = _publisher_span(text, voices, publisher)
    quiet = [v.span for v in voices if v.kind in QUIET_KINDS]
    furniture = [v.span for v in voices if v.kind == "boilerplate"]
    # A dateline's place and a byline's reporter are never actors; the publisher stays one.
    # A headline's capitalised words that the story never names again are no actors (kinds.py).
    headlines = [v.span for v in voices if v.kind == "headline"]
    mentions = [m for m in find_mentions(doc, publisher_span)
                if m.span == publisher_span or not (touches_any(m.start, m.end, quiet)
                                                    or headline_debris(text, m.start, m.end, headlines))]
    statements = [v for v in voices if v.kind == "statement"]
    intro_speakers = {id(v): statement_speaker_span(doc, v.intro) for v in statements}

    def speaker_of_voice_at(offset: int):
        voice = next((v for v in statements if v.start <= offset < v.end), None)
        return intro_speakers.get(id(voice)) if voice else None

    actors = build_actors(doc, mentions, speaker_of_voice_at)
    voice_speakers = {id(v): actors.actor_at(intro_speakers[id(v)]) for v in statements}
    quotes = _statement_quotes(statements, voice_speakers, intro_speakers)
    # Inside a statement only explicit 'X said' quotes count: the statement itself is attributed.
    # (Comment spans are not skipped: measured on PolNeAR dev, a false comment boundary then costs
    # the article's real quotes, F1 0.736 -> 0.657 on the floor subset.)
    found, attributions = find_attributions(doc, skip_spans=[v.span for v in statements])
    quotes = link_quote_speakers(doc, quotes + found, actors)
    # Beliefs, evidence and 'urged X to' are not quotes, but calls to action read their speakers.
    # Their described sources become actors only where they call on someone ('Proponents have
    # urged Congress to ...': an actor that acts); a belief's source ('critics believe') does not.
    calling = [q for q in attributions if calls_on(q)]
    attributions = (link_quote_speakers(doc, calling, actors)
                    + link_quote_speakers(doc, [q for q in attributions if not calls_on(q)], actors, describe=False))
    quotes = quote_confidence(outside(_without_unattributed_in_comments(doc, quotes, voices), quiet))
    # Reader comments are another voice: their pronouns do not point into the article.
    actors.attach_third_person([v.span for v in voices if v.kind != "comment"])
    segments = [_segment(v, voice_speakers.get(id(v))) for v in voices]
    published = document_date(text, raw.published)
    # In a sports report, countries, places and peoples are teams: they get no state's KB code.
    actor_records = actor_confidence(link_actors(_quiet_mentions_dropped(actors.actors(), quiet, publisher_span),
                                                 doc_date=published, teams=sports_report(doc))) + _commenters(segments)
    publisher_id = actors.actor_at(publisher_span)
    pipeline_language = doc.lang_ or "en"
    language = detect_language(text, default=pipeline_language)
    warning = language_warning(language, pipeline_language)
    analysis = Analysis(
        document=DocumentInfo(
            id=raw.id or "", source=raw.source or raw.url, title=raw.title or _headline_text(text, voices),
            publisher=publisher, published=published, language=language, text=text,
            warnings=[warning] if warning else [],
        ),
        segments=segments,
        actors=actor_records,
        places=find_places(doc, skip_spans=furniture),
        quotes=_with_parents(sorted(quotes, key=lambda q: (q.start, -q.end))),
        stances=[s for s in find_stances(doc, segments, actor_records, quotes, publisher_id, actors.resolve_pronoun)
                 if not s.evidence or not all(inside_any(a, b, quiet) for a, b in s.evidence)],
        techniques=outside(find_techniques(doc, segments, floor=confidence.threshold("techniques", min_confidence)),
                           quiet),
        analogies=outside(find_analogies(doc, published), quiet),
        calls_to_action=outside(find_calls(doc, segments, actor_records, quotes + attributions), quiet),
        dates=[TimeMention(start=t.start, end=t.end, text=t.text, value=t.value, granularity=t.granularity)
               for t in find_dates(doc, published, text)],
    )
    # Events read the places and time expressions the record already holds (each found once).
    # Every reading is kept here and the calibrated threshold of the last stage alone decides: a
    # second floor inside the stage made the record at the default threshold differ from the record
    # at 0 filtered by the same threshold (what the store keeps and its readers apply).
    analysis.events = outside(find_events(doc, actor_records, analysis.places, analysis.dates, segments, quotes,
                                          min_confidence=0.0), quiet)
    # Last: every item's confidence calibrated, and what falls below the threshold left out.
    return confidence.apply(analysis, min_confidence)


def _quiet_mentions_dropped(actors: list[Actor], quiet: list[tuple[int, int]],
                            publisher_span: Optional[tuple[int, int]]) -> list[Actor]:
    """Take out of every actor the mentions inside a dateline, byline or boilerplate ('new delhi:'
    found again by name), the publisher's own excepted."""
    for actor in actors:
        actor.mentions = [m for m in actor.mentions
                          if tuple(m) == publisher_span or not touches_any(m[0], m[1], quiet)]
    return actors


def _commenters(segments: list[Segment]) -> list[Actor]:
    """An unnamed reader comment is a voice of its own: it gets an actor, ``comment-<n>``, so that
    its stances have a holder. The segment's ``speaker`` points to it."""
    commenters = []
    for number, segment in enumerate((s for s in segments if s.kind == "comment"), start=1):
        if segment.speaker is None:
            segment.speaker = f"comment-{number}"
            commenters.append(Actor(id=segment.speaker, name=f"Reader comment {number}", type="other"))
    return commenters


def _without_unattributed_in_comments(doc: Doc, quotes: list[Quote], voices: list[Voice]) -> list[Quote]:
    """Drop speakerless indirect quotes inside reader comments whose cue is the commenter's own
    verb: its subject is 'I', 'we' or 'you', or it has none (an imperative).

    Why: a comment is its writer's own voice, and what the attribution model takes for a cue there
    ('I blunt my sword and …', 'think for yourselves …' in the seed's comment) is the commenter's
    prose. Why so narrow: the comment model also flags some live-blog lines in articles, where a
    speakerless 'officials said …' is a real quote (PolNeAR dev: dropping every speakerless
    indirect quote in comments cost 10 true quotes).
    """
    comments = [(v.start, v.end) for v in voices if v.kind == "comment"]
    if not comments:
        return quotes
    return [q for q in quotes if not (q.kind == "indirect" and q.speaker is None and q.cue_span is not None
                                      and any(s <= q.start and q.end <= e for s, e in comments)
                                      and _own_voice_cue(doc, q.cue_span))]


def _own_voice_cue(doc: Doc, cue_span) -> bool:
    cue = doc.char_span(cue_span[0], cue_span[1], alignment_mode="expand")
    if cue is None or not len(cue):
        return False
    subjects = [c for c in cue.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and cue.root.dep_ == "conj":
        subjects = [c for c in cue.root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return not subjects or all(s.lower_ in ("i", "we", "you") for s in subjects)


def _with_parents(quotes: list[Quote]) -> list[Quote]:
    """Point each nested quote at the smallest quote that contains it."""
    for quote in quotes:
        containers = [i for i, other in enumerate(quotes) if other is not quote and other.start <= quote.start
                      and quote.end <= other.end and (other.end - other.start) > (quote.end - quote.start)]
        quote.parent = min(containers, key=lambda i: quotes[i].end - quotes[i].start) if containers else None
    return quotes


def _statement_quotes(statements: list[Voice], speakers: dict, intro_speakers: dict) -> list[Quote]:
    """A relayed statement is a block quote of its speaker."""
    return [Quote(start=v.start, end=v.end, kind="block", speaker=speakers.get(id(v)), cue=v.cue,
                  speaker_span=intro_speakers.get(id(v)), cue_span=None) for v in statements]


def _segment(voice: Voice, speaker: Optional[str]) -> Segment:
    return Segment(kind=voice.kind, start=voice.start, end=voice.end, speaker=speaker,
                   speaker_name=voice.speaker_name, place=voice.place)


def _breaks(voices: list[Voice]) -> list[int]:
    """Sentence starts the parser must respect: after a byline, a dateline, a run-on headline."""
    # Both: the next word starts at end + 1 after a space, at end itself in joined copy ('Massacre?The').
    return [at for v in voices if v.kind in ("byline", "dateline", "headline") for at in (v.end, v.end + 1)]


def _publisher_span(text: str, voices: list[Voice], publisher: Optional[str]) -> Optional[tuple[int, int]]:
    """Where the byline names the publisher, so the publisher becomes one actor mention."""
    for voice in voices:
        if voice.kind in ("byline", "dateline") and publisher:
            at = text.find(publisher, voice.start, voice.end)
            if at >= 0:
                return (at, at + len(publisher))
    return None


def _headline_text(text: str, voices: list[Voice]) -> Optional[str]:
    headline = next((v for v in voices if v.kind == "headline"), None)
    return text[headline.start:headline.end] if headline else None


__all__ = ["analyze_documents", "analyze_texts", "analyze_parsed", "ActorIndex"]
