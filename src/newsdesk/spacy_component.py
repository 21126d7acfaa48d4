"""newsdesk as a spaCy pipeline component: ``nlp.add_pipe("newsdesk")``, then ``doc._.newsdesk``.

For a spaCy user who has a pipeline of their own: the component runs every newsdesk stage over the
Doc the pipeline already parsed (no second parse) and sets ``doc._.newsdesk`` to the ``Analysis``
record, whose offsets index ``doc.text``. Add it last, after the parser and the entity recogniser it
reads. spaCy finds the factory through the package's ``spacy_factories`` entry point; importing this
module registers it too. The publication date that anchors relative dates can be set per document in
``doc.user_data["published"]`` (ISO 8601) or for the component with ``config={"published": …}``.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("newsdesk")
    doc = nlp(text)
    doc._.newsdesk.quotes
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .model import Analysis

EXTENSION = "newsdesk"


class NewsdeskComponent:
    """Sets ``doc._.newsdesk`` to the analysis of the Doc."""

    def __init__(self, name: str = "newsdesk", published: Optional[str] = None) -> None:
        self.name, self.published = name, published
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, analyze_doc(doc, published=doc.user_data.get("published") or self.published))
        return doc


def analyze_doc(doc: Doc, published: Optional[str] = None) -> Analysis:
    """Every newsdesk stage over an already parsed Doc (the text is taken as it is: no title added)."""
    from .pipeline import analyze_parsed
    from .read.document import RawDocument, document_id
    from .segment.voices import find_voices

    raw = RawDocument(text=doc.text, id=document_id(doc.text), published=published)
    voices, publisher = find_voices(raw.text, (), None)
    return analyze_parsed(raw, voices, publisher, doc)


@Language.factory(EXTENSION, default_config={"published": None})
def create_component(nlp: Language, name: str, published: Optional[str]) -> NewsdeskComponent:
    """The ``newsdesk`` factory."""
    return NewsdeskComponent(name, published)
