"""Quotes: who is reported as saying what, with offsets. The stages, in order:

| stage | module | reads | writes |
|---|---|---|---|
| 1. quotation marks | ``marks.find_quote_regions`` | raw text | quoted regions (multi-line and block aware) |
| 2. reporting frames | ``frames.reporting_frames`` / ``noun_frames`` | parsed tokens | cue, frame name, content span, speaker token |
| 3. candidates | ``rules.candidate_attributions`` | Doc, regions, statement spans | candidate attributions (quoted regions tied to their verb, frames, ``Speaker:`` labels, split quotes joined) |
| 4. scoring | ``cues.CueScorer`` | Doc, candidates | each candidate's probability of being an attribution (logistic regression fitted on PolNeAR train) |
| 5. selection | ``select.select_quotes`` | scored candidates, regions | ``Quote`` records: threshold, one reading per cue, overlaps resolved, continuation paragraphs |
| 6. speakers | ``speakers.link_quote_speakers`` | quotes, Doc, ``ActorIndex`` | speaker actor ids (names, pronouns, described speakers), first-person mentions |

Between 4 and 5, ``speech.is_speech`` keeps the attributions of speech: ``quotes`` hold only those
(``find_attributions`` returns the others apart, for calls to action).

``find_quotes`` runs stages 1-5 over one parsed Doc (no second parse); the pipeline adds the
relayed statements as ``block`` quotes and then runs stage 6.
"""

from .select import find_attributions, find_quotes, select_quotes
from .speakers import link_quote_speakers, statement_speaker_span
from .speech import calls_on

__all__ = ["calls_on", "find_attributions", "find_quotes", "select_quotes", "link_quote_speakers", "statement_speaker_span"]
