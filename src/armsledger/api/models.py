"""Request bodies of the API. Responses are the library's own typed results (see
:mod:`armsledger.results`), never re-declared here.

The schemas say exactly what the server accepts (a property-based test checks it): a body of
:class:`CheckIn` has ``text`` or ``claims``, never both and never neither, and ``published``
is a date (``YYYY-MM-DD``)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

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


def _json_number(value: Any) -> Any:
    """A JSON number only: ``true`` and ``"2"`` are not numbers (pydantic's lax mode would
    read them as 1 and 2, which the schema does not allow)."""
    if isinstance(value, (bool, str)):
        raise ValueError("expected a number")
    return value


Number = BeforeValidator(_json_number)
Offsets = Annotated[list[Annotated[int, Field(ge=0), Number]],
                    Field(min_length=2, max_length=2)]
"""A character span ``[start, end]``."""


class ClaimIn(ClaimRecord):
    """A claim to check: :class:`ClaimRecord` with its character spans as pairs (the claim
    model reads the first two numbers of each), validated strictly: a JSON ``true`` is not the
    number 1 and ``"2"`` is not 2, as the schema says (an integral ``2.0`` is an integer, as in
    JSON Schema)."""

    span: Offsets | None = None
    mentions: list[Offsets] = []
    value: Annotated[int | float, Number]
    value_low: Annotated[float | None, Number] = None
    value_high: Annotated[float | None, Number] = None
    amount: Annotated[float | None, Number] = None
    claim_id: Annotated[int | None, Number] = None


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
        published_date(self.published)  # a bad date is refused with claims too, as the
        return self                      # schema says (it only matters for a text)
