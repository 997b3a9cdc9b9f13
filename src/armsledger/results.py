"""The base of every typed result: pydantic models with one serialisation for every face.

A result (a profile, a ranking, a trend, a page of deals, a screening, a diff, claim checks)
is a :class:`Result`: typed attributes for Python (``p.tiv``, ``p.recipients``), ``to_dict()``
for JSON (the CLI's ``--json`` and the API's responses are this, byte for byte the same
data), the JSON schema for the API's OpenAPI document, and its tables as DataFrames
(``to_polars()``, ``to_pandas()``; pandas is the optional extra ``armsledger[pandas]``).
Unknown keys are refused (``extra="forbid"``), so a result can never carry a key its schema
does not list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

from armsledger.errors import InvalidRequestError, MissingDependencyError

if TYPE_CHECKING:
    import polars as pl


class Model(BaseModel):
    """A part of a result: typed fields, no unknown keys."""

    model_config = ConfigDict(extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the documented keys)."""
        return self.model_dump(mode="json")


class Result(Model):
    """A whole result; ``main_table`` names the list field :meth:`to_polars` returns."""

    main_table: ClassVar[str | None] = None

    def tables(self) -> list[str]:
        """The names of the fields that are lists of records (each can be a DataFrame)."""
        out = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, list) and (not value or isinstance(value[0], BaseModel)):
                out.append(name)
        return out

    def to_polars(self, table: str | None = None) -> pl.DataFrame:
        """One of the result's tables as a polars DataFrame (default: the main one)."""
        import polars as pl

        name = table or self.main_table
        if name is None or name not in type(self).model_fields:
            raise InvalidRequestError(
                f"{type(self).__name__} has no table '{name}'; tables: "
                + (", ".join(self.tables()) or "none"))
        rows = getattr(self, name)
        if not isinstance(rows, list):
            raise InvalidRequestError(f"'{name}' is not a table")
        dicts = [r.model_dump(mode="json") if isinstance(r, BaseModel) else r for r in rows]
        return pl.DataFrame(dicts, infer_schema_length=None) if dicts else pl.DataFrame()

    def to_pandas(self, table: str | None = None) -> Any:
        """One of the result's tables as a pandas DataFrame (needs ``armsledger[pandas]``)."""
        frame = self.to_polars(table)
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                "to_pandas() needs pandas: pip install 'armsledger[pandas]'") from None
        return frame.to_pandas()
