"""Pydantic's validation errors, said the way a config author needs to hear them.

Each error's ``loc`` is walked through the schema to know which keys are allowed there and
what an example value looks like, so a hint can say what to write instead.
"""

from __future__ import annotations

import types
from typing import Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from bot.config.problems import Path
from bot.config.values import did_you_mean, shown

LIST_HINT = "write it as [a, b] or one '- item' per line"


def describe(error: ErrorDetails, model: type[BaseModel], loc: Path) -> tuple[str, str]:
    """A sentence and a hint for one pydantic error; never pydantic's own wording with URLs."""
    kind, value, key = error["type"], error.get("input"), str(loc[-1]) if loc else ""
    if kind == "config":
        context = error.get("ctx") or {}
        return str(context.get("message", error["msg"])), str(context.get("hint", ""))
    if kind == "extra_forbidden":
        allowed = field_names(_type_at(model, loc[:-1]))
        return (
            f"unknown key '{key}'",
            f"{did_you_mean(key, allowed)}allowed here: {', '.join(allowed)}",
        )
    if kind == "missing":
        example = _example(model, loc)
        return (
            f"required key '{key}' is missing",
            f"add `{key}: {example}`" if example else f"add `{key}:`",
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (
            "is empty" if value is None else f"{shown(value)} should be a set of keys",
            "write `key: value` lines indented below it",
        )
    if kind == "list_type":
        if value is None:
            return "is empty", "list at least one item, or remove the key"
        return f"{shown(value)} should be a list", LIST_HINT
    if kind.startswith("bool"):
        return f"{shown(value)} is not true or false", "write true or false"
    if kind == "string_too_short":
        return "must not be empty", "write some text"
    if kind.startswith("string"):
        return f"{shown(value)} should be text", "put it in quotes"
    return error["msg"], ""


def _unwrap(annotation: object) -> object:
    if get_origin(annotation) in (Union, types.UnionType):
        return next((arg for arg in get_args(annotation) if arg is not type(None)), None)
    return annotation


def _type_at(model: type[BaseModel], loc: Path) -> object:
    """The annotation found at ``loc`` inside ``model`` (list indexes step into item types)."""
    current: object = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            current = (get_args(current) or (None,))[0] if get_origin(current) is list else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = next(
                (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
            )
            current = info.annotation if info else None
        else:
            return None
    return _unwrap(current)


def field_names(annotation: object) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [info.alias or name for name, info in annotation.model_fields.items()]
    return []


def _example(model: type[BaseModel], loc: Path) -> str:
    parent = _type_at(model, loc[:-1])
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)) or not loc:
        return ""
    for name, info in parent.model_fields.items():
        if (info.alias or name) == loc[-1] and info.examples:
            return str(info.examples[0])
    return ""
