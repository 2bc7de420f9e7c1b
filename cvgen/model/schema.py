"""The generic validator: frozen dataclasses whose annotations are the schema, and the JSON
Schema they emit for editors.

`validate(doc, problems, hint)` walks YAML data (with positions, sources.YamlDoc) against a
type: a `Record` subclass (a mapping whose fields are the keys it allows), `list[X]`,
`dict[K, V]`, `Literal[...]`, `X | None`, or `Annotated[X, check, ...]` where each check is a
function that returns the value or raises ValueError with the message. `KeyedUnion` in an
`Annotated` marks a mapping whose kind is the one content key it carries (a CV section).
Every problem lands at its YAML line and column, all at once, with "did you mean". The same
types give `json_schema` (every field described: `doc(...)`, a record's docstring).

A validator of our own replaces pydantic because importing pydantic and building its schemas
cost about 0.15 s a build, a third of a TeX pass. Nothing here knows cv.yaml or venues.yaml.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from functools import lru_cache
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from cvgen.core.errors import Problems
from cvgen.core.sources import NOWHERE, Origin, Path_, YamlDoc


@dataclass(frozen=True, kw_only=True)
class Record:
    """A mapping in a YAML file: its dataclass fields are the keys it allows. `origin` is not a
    key: the validator sets it to where the mapping was written, so later stages name lines
    from the value itself."""

    origin: Origin | None = field(default=None, compare=False, repr=False, metadata={"internal": True})

    def at(self, *below: str | int) -> tuple[str, int, int]:
        """(file, line, column) of this mapping or of a value below it, for a message."""
        origin = self.origin or NOWHERE  # built in code, not read from a file
        return (origin.file, *origin.where(*below))

    def invariants(self) -> Iterator[tuple[str, str]]:
        """(field, message) for each rule between fields that this record breaks."""
        return iter(())


@dataclass(frozen=True, eq=False)  # hashed by identity: typing caches Annotated[...]
class KeyedUnion:
    """Marker: a mapping whose kind is the one content key it carries (`kinds`: key -> record)."""

    kinds: dict[str, type[Record]]
    noun: str  # how messages name one: "section"


@dataclass(frozen=True, eq=False)
class JsonHint:
    """Marker: extra JSON Schema for a value whose checks are functions (a format, a pattern)."""

    schema: dict[str, Any]


record = dataclass(frozen=True, kw_only=True)  # every model: immutable, its fields given by name


def doc(text: str, default: Any = MISSING, default_factory: Any = MISSING) -> Any:
    """A field with its description (for the JSON Schema and the editor's hover)."""
    return field(default=default, default_factory=default_factory, metadata={"doc": text})


class _Invalid(Exception):
    """A value failed; its problem is already recorded."""


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}
Subject = Callable[[Path_], str]


def default_subject(path: Path_) -> str:
    """How a message names the value at `path`: its key, quoted."""
    if not path:
        return "the file's top level (name, email, sections, ...)"
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str):
        return f"an entry of '{path[-2]}'"
    for part in reversed(path):
        if isinstance(part, str):
            return f"'{part}'"
    return "this value"


def validate(doc: YamlDoc, problems: Problems, hint: Any, subject: Subject = default_subject) -> Any:
    """The data of `doc` checked against `hint`, or None after recording every problem."""
    try:
        return _Checker(doc, problems, subject).value(doc.data, hint, ())
    except _Invalid:
        return None


@dataclass
class _Checker:
    doc: YamlDoc
    problems: Problems
    subject: Subject

    def error(self, path: Path_, message: str, key: bool = False) -> None:
        line, col = self.doc.where(path, key=key)
        self.problems.error(self.doc.file, line, col, message)

    def said(self, path: Path_, message: str) -> str:
        subject = self.subject(path)
        return f"{subject}: {message}" if message.startswith("'") else f"{subject} {message}"

    def value(self, value: Any, hint: Any, path: Path_) -> Any:
        """The checked value for `hint`; raises _Invalid after recording why not."""
        if path in self.doc.unreadable:
            raise _Invalid  # YAML could not read it: reported already
        origin = get_origin(hint)
        if origin is Annotated:
            base, *meta = get_args(hint)
            union = next((m for m in meta if isinstance(m, KeyedUnion)), None)
            value = self.union(value, union, base, path) if union else self.value(value, base, path)
            for check in meta:
                if callable(check) and not isinstance(check, (KeyedUnion, JsonHint)):
                    value = self.run(check, value, path)
            return value
        if origin is Union or origin is type(int | None):
            options = [a for a in get_args(hint) if a is not type(None)]
            return None if value is None else self.value(value, options[0], path)
        if origin is Literal:
            if value not in get_args(hint):
                choices = [repr(c) for c in get_args(hint)]
                close = difflib.get_close_matches(str(value), [str(c) for c in get_args(hint)], n=1, cutoff=0.6)
                self.error(path, f"{self.subject(path)} must be one of {', '.join(choices[:-1])} or {choices[-1]}; "
                                 f"got {self.doc.raw.get(path, value)!r}"  # `no`, not False
                                 + (f"; did you mean '{close[0]}'?" if close and isinstance(value, str) else ""))
                raise _Invalid
            return value
        if origin is list:
            return self.items(value, get_args(hint)[0], path)
        if origin is dict:
            return self.mapping(value, *get_args(hint), path)
        if isinstance(hint, type) and issubclass(hint, Record):
            return self.record(value, hint, path)
        if hint is Any:  # the check functions decide; numbers as typed (`date: 2022`, `rate: 18.10`)
            return self.doc.raw.get(path, value) if isinstance(value, (int, float)) else value
        if hint is str and isinstance(value, (int, float)) and path in self.doc.raw:
            value = self.doc.raw[path]  # as typed: `grade: 3.80` is not 3.8, `items: [No]` not False
        elif hint is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
            return value
        self.wrong_type(value, _TYPE_NAMES[hint], path)

    def run(self, check: Callable[[Any], Any], value: Any, path: Path_, key: bool = False) -> Any:
        try:
            return check(value)
        except ValueError as exc:
            self.error(path, self.said(path, str(exc)), key=key)
            raise _Invalid from None

    def wrong_type(self, value: Any, expected: str, path: Path_) -> None:
        self.error(path, f"{self.subject(path)} must be {expected}, not {_kind_of(value)}")
        raise _Invalid

    def items(self, value: Any, hint: Any, path: Path_) -> list[Any]:
        if not isinstance(value, list):
            self.wrong_type(value, "a list", path)
        if not value:
            self.error(path, f"{self.subject(path)} is empty; add at least one entry or remove it")
            raise _Invalid
        return self.all(((i, item, hint) for i, item in enumerate(value)), path, list)

    def mapping(self, value: Any, key_hint: Any, hint: Any, path: Path_) -> dict[Any, Any]:
        if not isinstance(value, dict):
            self.wrong_type(value, "a mapping", path)
        checked_keys, failed = {}, False
        for key in value:
            try:
                checked_keys[key] = self.key(key, key_hint, path + (key,))
            except _Invalid:
                failed = True
        result = self.all(((checked_keys[k], value[k], hint) for k in value if k in checked_keys), path, dict,
                          {checked_keys[k]: k for k in checked_keys})
        if failed:
            raise _Invalid
        return result

    def key(self, key: Any, hint: Any, path: Path_) -> Any:
        if get_origin(hint) is Annotated:
            for check in get_args(hint)[1:]:
                if callable(check):
                    key = self.run(check, key, path, key=True)
            return key
        return key if isinstance(key, str) else str(key)

    def all(self, parts: Any, path: Path_, kind: type, raw_keys: dict[Any, Any] | None = None) -> Any:
        """Check every part (index or key, value, hint), then fail if any failed."""
        result, failed = [], False
        for name, item, hint in parts:
            try:
                result.append((name, self.value(item, hint, path + ((raw_keys or {}).get(name, name),))))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        return [v for _, v in result] if kind is list else dict(result)

    def union(self, value: Any, union: KeyedUnion, base: type[Record], path: Path_) -> Record:
        choices = ", ".join(union.kinds)
        if not isinstance(value, dict):
            self.error(path, f"each {union.noun} must be a mapping with one content key ({choices}), "
                             f"not {_kind_of(value)}")
            raise _Invalid
        kinds = [k for k in union.kinds if k in value]
        if len(kinds) == 1:
            return self.record(value, union.kinds[kinds[0]], path)
        if kinds:
            self.error(path, f"this {union.noun} has several content keys ({', '.join(kinds)}); "
                             f"give exactly one of: {choices}")
        else:
            self.error(path, f"this {union.noun} has no content; give exactly one of: {choices}")
            allowed = [f.name for f in keys(base)] + list(union.kinds)  # type: ignore[arg-type]
            self.unknown_keys(value, allowed, path)  # a misspelt content key gets its suggestion
        raise _Invalid

    def record(self, value: Any, cls: type[Record], path: Path_) -> Any:
        if not isinstance(value, dict):
            self.wrong_type(value, "a mapping", path)
        known = keys(cls)
        hints = _hints(cls)
        failed = self.unknown_keys(value, [f.name for f in known], path)
        checked: dict[str, Any] = {}
        for f in known:
            if f.name not in value:
                if f.default is MISSING and f.default_factory is MISSING:
                    self.error(path + (f.name,), f"'{f.name}' is required but missing; add it")
                    failed = True
                elif isinstance(f.default_factory, type) and issubclass(f.default_factory, Record):
                    checked[f.name] = f.default_factory(origin=self.doc.origin(path + (f.name,)))  # settings left out
                continue
            try:
                checked[f.name] = self.value(value[f.name], hints[f.name], path + (f.name,))
            except _Invalid:
                failed = True
        if failed:
            raise _Invalid
        result = cls(**checked, origin=self.doc.origin(path))
        broken = False
        for name, message in result.invariants():
            self.error(path + (name,), self.said(path + (name,), message))
            broken = True
        if broken:
            raise _Invalid
        return result

    def unknown_keys(self, value: dict[str, Any], allowed: list[str], path: Path_) -> bool:
        unknown = [key for key in value if key not in allowed]
        for key in unknown:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else \
                f"remove it or check the spelling (allowed here: {', '.join(allowed)})"
            self.error(path + (key,), f"unknown key '{key}'; {hint}", key=True)
        return bool(unknown)


def keys(cls: type[Record]) -> list[Field[Any]]:
    """The fields a YAML mapping may give (every dataclass field but the validator's own)."""
    return [f for f in fields(cls) if not f.metadata.get("internal")]  # type: ignore[arg-type]


def given(value: Record) -> dict[str, Any]:
    """A record's keys and their values, as a mapping (the validator's `origin` left out)."""
    return {f.name: getattr(value, f.name) for f in keys(type(value))}


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"{type(value).__name__} {value!r}"


# --- JSON Schema ----------------------------------------------------------------------------


def json_schema(hint: Any, title: str, description: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `hint`, each record a definition, every field described."""
    defs: dict[str, Any] = {}
    root = _schema(hint, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            "description": description, **root, "$defs": dict(sorted(defs.items()))}


def _schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(hint)
    if origin is Annotated:
        base, *meta = get_args(hint)
        union = next((m for m in meta if isinstance(m, KeyedUnion)), None)
        if union is not None:
            return {"oneOf": [_schema(kind, defs) for kind in union.kinds.values()]}
        out = _schema(base, defs)
        for m in meta:
            if isinstance(m, JsonHint):
                out = {**out, **m.schema}
        return out
    if origin is Union or origin is type(int | None):
        options = [a for a in get_args(hint) if a is not type(None)]
        return _schema(options[0], defs)
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin is list:
        return {"type": "array", "minItems": 1, "items": _schema(get_args(hint)[0], defs)}
    if origin is dict:
        key_hint, value_hint = get_args(hint)
        out: dict[str, Any] = {"type": "object", "additionalProperties": _schema(value_hint, defs)}
        key_schema = _schema(key_hint, defs)
        if "pattern" in key_schema:
            out["propertyNames"] = {"pattern": key_schema["pattern"]}
        return out
    if isinstance(hint, type) and issubclass(hint, Record):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # recursion guard
            defs[name] = _record_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}.get(hint, {})


def _record_schema(cls: type[Record], defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    props: dict[str, Any] = {}
    required = []
    for f in keys(cls):
        props[f.name] = {"description": _field_doc(cls, f), **_schema(hints[f.name], defs)}
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
        elif f.default is not MISSING and f.default is not None:
            props[f.name]["default"] = f.default
    out: dict[str, Any] = {"type": "object", "description": " ".join((cls.__doc__ or "").split()),
                           "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def _field_doc(cls: type, f: Field[Any]) -> str:
    text = f.metadata.get("doc")
    if not text:
        raise TypeError(f"{cls.__name__}.{f.name} has no description; declare it with doc(...)")
    return str(text)
