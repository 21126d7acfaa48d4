"""Voices: who speaks where in a document (headline, byline, body, statement, comment)."""

from .voices import Voice, find_voices, paragraphs

__all__ = ["Voice", "find_voices", "paragraphs"]
