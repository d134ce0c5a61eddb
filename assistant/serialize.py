"""The public objects as JSON data: the one path the REST API, ``--json`` and the exports share.

Every public type is a dataclass of the Python API (``Hit``, ``Answer``, ``IssueSummary``,
``IngestReport``, ``StoryPage`` …); pydantic reads its fields (their ``Field`` descriptions and
exclusions too), so a new field is one edit, and the API's schema is derived from the same type.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import pydantic_core
from pydantic import TypeAdapter


@cache
def _adapter(kind: type) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def to_json(value: Any) -> Any:
    """``value`` (a public dataclass, or a list or dict of them) as JSON-ready data."""
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _adapter(type(value)).dump_python(value, mode="json")
    return pydantic_core.to_jsonable_python(value)
