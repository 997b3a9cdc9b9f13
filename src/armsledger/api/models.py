"""Request bodies of the API. Responses are the library's own typed results (see
:mod:`armsledger.results`), never re-declared here."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from armsledger.claims.model import ClaimRecord


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The article or statement (plain text or HTML).")
    published: str | None = Field(None, description="Publication date YYYY-MM-DD, for "
                                  "'last year' and similar.")


class CheckIn(BaseModel):
    """Either a text to extract claims from, or claims to check (not both)."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="Text to extract claims from, or ...")
    claims: list[ClaimRecord] | None = Field(None, description="... claims to check.")
    published: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> CheckIn:
        if (self.text is None) == (self.claims is None):
            raise ValueError("give either 'text' or 'claims'")
        return self
