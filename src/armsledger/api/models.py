"""Request bodies of the API. Responses are the library's own typed results (see
:mod:`armsledger.results`), never re-declared here.

The schemas say exactly what the server accepts (a property-based test checks it): a body of
:class:`CheckIn` has ``text`` or ``claims``, never both and never neither, and ``published``
is a date (``YYYY-MM-DD``)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from armsledger.claims.model import ClaimRecord

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

PUBLISHED = Field(None, description="Publication date YYYY-MM-DD, for 'last year' and similar.",
                  json_schema_extra={"format": "date"})


def published_date(value: str | None) -> date | None:
    """``published`` as a date: ``YYYY-MM-DD`` (a real date) or nothing; else 422."""
    from armsledger.errors import InvalidRequestError

    if value is None:
        return None
    try:
        if DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidRequestError(f"published: '{value}' is not a date (YYYY-MM-DD)")


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The article or statement (plain text or HTML).")
    published: str | None = PUBLISHED


def _exactly_one(schema: dict[str, Any]) -> None:
    """The schema of :class:`CheckIn`: a string ``text`` or an array ``claims``, the other
    absent or null."""
    schema["oneOf"] = [
        {"required": ["text"], "properties": {"text": {"type": "string"},
                                              "claims": {"type": "null"}}},
        {"required": ["claims"], "properties": {"claims": {"type": "array"},
                                                "text": {"type": "null"}}},
    ]


Offsets = Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]
"""A character span ``[start, end]``."""


class ClaimIn(ClaimRecord):
    """A claim to check: :class:`ClaimRecord` with its character spans as pairs (the claim
    model reads the first two numbers of each)."""

    span: Offsets | None = None
    mentions: list[Offsets] = []


class CheckIn(BaseModel):
    """Either a text to extract claims from, or claims to check (exactly one of them)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one)
    text: str | None = Field(None, description="Text to extract claims from, or ...")
    claims: list[ClaimIn] | None = Field(None, description="... claims to check "
                                             "(at most ARMSLEDGER_MAX_CLAIMS, default 1,000).")
    published: str | None = PUBLISHED

    @model_validator(mode="after")
    def _one_of(self) -> CheckIn:
        if (self.text is None) == (self.claims is None):
            raise ValueError("give either 'text' or 'claims'")
        return self
