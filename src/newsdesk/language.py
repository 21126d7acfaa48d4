"""Which language a document is in (py3langid), and whether the installed pipeline reads it.

The record's ``document.language`` is the detected ISO 639-1 code. Detection reads the head of the
text (``SAMPLE`` characters: the language of a news article is the language of its first paragraphs)
and is trusted only above ``MIN_CONFIDENCE`` and on texts of ``MIN_CHARS`` or more; otherwise the
pipeline's own language stands, as before. A document in a language the spaCy pipeline was not
trained for is analysed only on request (``--any-language``), and its record carries a warning.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .errors import WrongLanguage

SAMPLE = 1500
MIN_CHARS = 40
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, default: str = "en") -> str:
    """The text's ISO 639-1 language, or ``default`` when the text is too short or the guess unsure."""
    sample = text[:SAMPLE]
    if len(sample.strip()) < MIN_CHARS:
        return default
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_CONFIDENCE else default


def warning(language: str, pipeline_language: str) -> Optional[str]:
    """The record's warning for a document the pipeline was not made for, else None."""
    if language == pipeline_language:
        return None
    return (f"the text is in '{language}' but the spaCy pipeline reads '{pipeline_language}': "
            "names, quotes and events may be missing or wrong")


def refuse_unless_asked(where: str, text: str, pipeline_language: str, any_language: bool) -> None:
    """E037 for a document in another language than the pipeline's, unless ``any_language``."""
    if any_language:
        return
    language = detect(text, default=pipeline_language)
    if language != pipeline_language:
        raise WrongLanguage(where, language=language, pipeline=pipeline_language)
