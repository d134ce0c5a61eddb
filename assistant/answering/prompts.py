"""Prompts are files in ``prompts/``, rendered strictly: a missing or unused variable is an error."""

from __future__ import annotations

import functools
import string
from importlib.resources import files

from index.errors import NewsdeskError


@functools.cache
def load_prompt(name: str) -> string.Template:
    resource = files("prompts") / f"{name}.md"
    if not resource.is_file():
        raise NewsdeskError(f"prompt {name!r} not found in the prompts package; is newsdesk installed?")
    return string.Template(resource.read_text(encoding="utf-8"))


def render_prompt(name: str, **variables: str) -> str:
    template = load_prompt(name)
    expected = set(template.get_identifiers())
    if missing := expected - variables.keys():
        raise NewsdeskError(f"prompt {name!r} needs {', '.join(sorted(missing))}")
    if unused := variables.keys() - expected:
        raise NewsdeskError(f"prompt {name!r} has no place for {', '.join(sorted(unused))}")
    return template.substitute(variables).strip()
