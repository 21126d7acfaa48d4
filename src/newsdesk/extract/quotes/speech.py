"""Speech: which candidate attributions report what someone said, as an analyst counts quotes.

The trained scorer (``cues``) was fitted on PolNeAR, which annotates every attribution of
belief, perception and evidence ("believes", "learned", "data show"). An analyst's quote is
narrower: what someone said, wrote, told, stated, announced, claimed, warned, denied, tweeted,
testified, or what is reported "according to" them. This stage reads a candidate's cue lemma and
frame and says whether it is speech; the others are *attributions*, left out of ``quotes``.

Rules, in order:
- a ``Speaker: quote`` label or a dash signature is speech (the form itself says so);
- a speaker that is a document of numbers ("figures from ...", "statistics confirm") is evidence;
- "according to" a speaker is speech;
- content that opens an indirect question ("did not say which side ...") is not a statement;
- a speech verb is speech when its content is a clause, a quoted passage or the rest of the
  sentence; with an object, an infinitive or a preposition only for the verbs whose object is
  what was said ("accused X of ...", "described X as ...", "vowed to ...");
- a speech noun with a that-clause ("his claim that ...") is speech;
- a passage in quotation marks that is a clause, tied to a verb that is not a belief,
  perception or naming verb, is speech ('"We are ready," he laughed'): the marks say somebody
  uttered it; a quoted fragment of one or two words is a scare quote, not speech;
- everything else (detained, approved, believes, showed, found, decided ...) is not.
"""

from __future__ import annotations

from typing import Optional

from .rules import Candidate

# Verbs whose subject is reported as saying, writing or telling the content when the content is
# a clause, a quoted passage or the rest of the sentence ("said that ...", '"...," she said',
# "..., officials said").
SPEECH_VERBS = frozenset("""
say tell state write announce claim warn deny tweet testify add insist urge declare explain note
comment reply stress emphasize emphasise reiterate argue assert acknowledge admit allege accuse
recall mention vow promise pledge predict quote complain concede boast remark observe proclaim
exclaim retort contend affirm assure caution describe confirm inform disclose respond answer ask
report suggest threaten recommend propose lament repeat post publish reveal shout cry yell scream
whisper mutter counter maintain advise demand plead appeal call question clarify elaborate joke
quip laugh sigh speak talk cite detail outline brief criticize criticise condemn denounce agree
express issue release welcome hail
""".split())
CLAUSE_FRAMES = {"quote", "quote_frag", "ccomp", "parenthetical", "colon", "continuation"}
# Verbs whose direct object is what was said ("accused the US of ...", "described the move as
# provocative", "denied the charges", "announced a pull-out"); with other verbs an object is a
# thing ("wrote a short story", "explained the conduct", "told reporters").
OBJECT_SPEECH_VERBS = frozenset("""
describe accuse announce deny confirm admit acknowledge reiterate emphasize emphasise stress allege
""".split())
# Verbs whose infinitive complement is the content ("vowed to win back ...", "told the man to
# leave"); "urged X to ..." is a call to action (``calls``), not a quote.
INFINITIVE_SPEECH_VERBS = frozenset("pledge vow promise warn tell threaten".split())
# Verb-preposition pairs whose object is the content ("accused of forming ...", "warned of
# ..."); other prepositions give a topic or a setting ("wrote about", "said in response to").
PREPOSITION_SPEECH = frozenset({"accuse of", "warn of", "warn about", "warn against"})
# Nouns that carry reported speech in "his claim that ...", "the statement that ...".
SPEECH_NOUNS = frozenset("""
statement claim assertion allegation warning denial pledge promise remark remarks comment comments
words testimony declaration
""".split())
# Words that open an indirect question, not a statement ("did not say which side he backs",
# "detailing how the government can act").
QUESTION_OPENERS = frozenset("which how why whether if what who whom when where".split())
# Verbs next to a quoted passage that make it something other than speech: a thought, a
# perception, a name or a title ("dubbed the 'iron lady'", "presented 'Hamlet'").
NOT_SPEECH_BESIDE_MARKS = frozenset("""
believe think know feel see hear learn find show imagine expect hope fear wonder assume suppose
dub name title label brand nickname term present publish perform sing read watch play screen
walk win
""".split())
# What "according to" cites, or the subject of "confirm"/"suggest", when it is a document of
# numbers, not a speaker ("according to figures from ...", "statistics confirm that ...").
EVIDENCE_SOURCES = frozenset("""
figure figures data statistics statistic study studies survey surveys poll polls census estimate
estimates record records analysis research numbers count tally index
""".split())
# Frames the candidate rules build from a quoted passage, or from the form of a line.
MARKED_FRAMES = {"quote", "quote_frag", "continuation"}
FORM_FRAMES = {"dash", "label", "headline"}
# A quoted fragment shorter than this is a scare quote ('called it "illegal"').
MIN_FRAGMENT_WORDS = 3


def is_speech(candidate: Candidate, speaker: Optional[str] = None, content: str = "") -> bool:
    """Whether ``candidate`` reports speech (module doc). ``speaker`` is the text of its speaker
    mention (what "according to" cites), ``content`` the text of its content."""
    if candidate.frame in FORM_FRAMES:
        return True
    lemma = _head_lemma(candidate.lemma)
    if _cites_evidence(speaker):
        return False
    if lemma == "according":
        return True
    if candidate.frame not in MARKED_FRAMES and _opens_question(content):
        return False
    if candidate.frame == "quote_frag" and len(content.split()) < MIN_FRAGMENT_WORDS:
        return False
    return _speech_frame(candidate, lemma)


def _speech_frame(candidate: Candidate, lemma: str) -> bool:
    frame = candidate.frame
    if frame in ("noun", "nounobj"):
        return lemma in SPEECH_NOUNS and candidate.lemma.endswith(" that")
    if frame == "dobj":
        return lemma in OBJECT_SPEECH_VERBS
    if frame == "xcomp":
        return lemma in INFINITIVE_SPEECH_VERBS
    if frame == "prep":
        return candidate.lemma in PREPOSITION_SPEECH
    if lemma in SPEECH_VERBS:
        return frame in CLAUSE_FRAMES
    return frame in ("quote", "continuation") and lemma not in NOT_SPEECH_BESIDE_MARKS


def _opens_question(content: str) -> bool:
    words = content.split(maxsplit=1)
    return bool(words) and words[0].lower() in QUESTION_OPENERS


def _head_lemma(lemma: str) -> str:
    """'call for' → 'call': prepositional frames key their lemma with the preposition."""
    return lemma.split()[0].lower() if lemma else ""


def _cites_evidence(cited: Optional[str]) -> bool:
    if not cited:
        return False
    words = [w.strip(".,;:()'\"").lower() for w in cited.split()]
    # The head of "the latest figures from the ministry" is the last word before "from"/"of".
    head_words = words[:next((i for i, w in enumerate(words) if w in ("from", "of", "by", "in")), len(words))]
    return bool(head_words) and head_words[-1] in EVIDENCE_SOURCES


# Cue stems of an attribution that calls on someone ('urged', 'called for', 'demanded', 'pleaded').
CALL_CUES = ("urg", "call", "demand", "appeal", "plead", "press", "ask", "implor")


def calls_on(attribution) -> bool:
    """Whether an attribution's cue is a call on someone: not a quote, but the calls stage reads it."""
    return (attribution.cue or "").lower().startswith(CALL_CUES)
