"""Documentation checked by tests: the schema page and the README name what the code has."""

from __future__ import annotations

import re

from newsdesk import errors, model
from newsdesk.cli import app, eval_app

from .conftest import ROOT


def test_schema_doc_names_every_contract_key_and_extension():
    doc = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    for key in model.Analysis.model_fields:
        name = "schema" if key == "schema_" else key
        assert f"`{name}`" in doc, name
    for cls, field in [(model.Segment, "speaker_name"), (model.Quote, "speaker_span"), (model.Quote, "cue_span"),
                       (model.Quote, "parent"), (model.Place, "confidence")]:
        assert field in cls.model_fields and f"{cls.__name__.lower()}s[].{field}" in doc


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.split("```")[1].strip().splitlines()[0].startswith("make run")
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    commands |= {g.name for g in app.registered_groups}
    evals = {c.name for c in eval_app.registered_commands}
    code = "\n".join(readme.split("```")[1::2])  # only what sits in code blocks
    for line in re.findall(r"^newsdesk (\w+)(?: (\w+))?", code, flags=re.M):
        if line[0] == "eval":
            assert line[1] in evals
        else:
            assert line[0] in commands


def test_error_codes_are_unique_and_numbered():
    codes = [cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.NewsdeskError) and cls is not errors.NewsdeskError]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"E\d{3}", c) for c in codes)
