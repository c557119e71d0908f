"""A saved filing's text: the JSON the store keeps for it, written in one pass, and read back.

`filing_json(filing)` is exactly `json.dumps(filing.to_dict(), ensure_ascii=False, separators=(",", ":"))`, byte
for byte (a test compares them on every corpus file and on generated values), written without building the dict
first: it is most of the work of an import besides reading. `filing_from_json(text)` is the filing back
(`Filing.from_dict`).

(A compiled twin of this writer was measured and dropped: over the 935 corpus XMLs it wrote in 0.26-0.34 s what
this writes in 0.49-0.64 s, about 0.3 ms a filing against 1.6 ms to read one, not worth a second compiled module
and the tests that kept the two equal.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]  # "text", escaped
from typing import Any

from .model import Filing, Value, _is_blank, decimal_text
from .model import _to_dict as _plain
from .sources import TextSpan, XmlPath


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# The JSON of a filing is written in one pass over the filing, without building `Filing.to_dict()` first: it is
# most of the work of an import besides reading. The text is exactly `_dumps(filing.to_dict())` (a test compares
# them on every corpus file and on generated values); a value of any kind not handled here goes through
# `to_dict()` and the standard encoder, so the two cannot drift apart.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_XML_PREFIXES: dict[str, str] = {}
#: For each dataclass: its writer (`_writer`).
_WRITERS: dict[type, Callable[[Any], str]] = {}


def _writer(cls: type) -> Callable[[Any], str]:
    """`_node_json` of a dataclass `cls`, written out as one function with a branch per field (no loop over the
    fields: this runs for every part of every filing an import saves). The general way of `_node_json` is kept
    for each field's value of another kind than a Value (`_field`)."""
    lines = ["def _write(node, _value_json=_value_json, _field=_field, Value=Value):", "    global _last_blank",
             "    blank = _last_blank", "    parts = []", "    append = parts.append"]  # fmt: skip
    for field in dataclasses.fields(cls):
        key = _quote(field.name) + ":"
        lines += [
            f"    v = node.{field.name}",
            "    if v is not blank:",
            "        if type(v) is Value:",
            # A blank Value is left out, as Filing.to_dict does.
            "            if (v.source is None and v.value is None and v.raw is None and not v.footnotes",
            "                    and v.read is None and v.confidence == 1.0):",
            "                blank = _last_blank = v",
            "            else:",
            f"                append({key!r} + _value_json(v))",
            "        else:",
            f"            _field({key!r}, v, append)",
        ]
    lines.append('    return "{" + ",".join(parts) + "}"')
    scope = globals()
    exec("\n".join(lines), scope)  # noqa: S102 -- source made above from the dataclass's field names
    write: Callable[[Any], str] = scope.pop("_write")
    _WRITERS[cls] = write
    return write


def _value_json(value: Value) -> str:
    """`_dumps(value.to_dict())` for a Value (its parts made first, then put together in one step)."""
    v = value.value
    kind = type(v)
    # Most values of an ownership XML: read from the text of an element whose path was met before, sure, without
    # footnotes (the general way below gives the same text).
    if type(src := value.source) is XmlPath and type(raw_text := value.raw) is str and not value.footnotes:
        prefix = _XML_PREFIXES.get(src.path)
        line = src.line
        if prefix is not None and type(line) is int and value.confidence == 1.0 and value.read is None:
            if kind is str:
                text = _quote(v)
                return f'{{"value":{text},"raw":{text if raw_text == v else _quote(raw_text)}{prefix}{line:d}}}}}'
            if kind is Decimal:
                return f'{{"value":{{"decimal":"{decimal_text(v)}"}},"raw":{_quote(raw_text)}{prefix}{line:d}}}}}'
            if kind is bool:
                return f'{{"value":{"true" if v else "false"},"raw":{_quote(raw_text)}{prefix}{line:d}}}}}'
            if kind is dt.date:
                return f'{{"value":{{"date":"{v.isoformat()}"}},"raw":{_quote(raw_text)}{prefix}{line:d}}}}}'
    if kind is str:
        text = _quote(v)
    elif v is None:
        text = "null"
    elif kind is bool:
        text = "true" if v else "false"
    elif kind is Decimal:
        text = f'{{"decimal":"{decimal_text(v)}"}}'
    elif kind is dt.date:
        text = f'{{"date":"{v.isoformat()}"}}'
    else:
        return _encode(value.to_dict())
    notes: Any = value.footnotes
    if notes:
        if type(notes) is not tuple or any(type(n) is not str for n in notes):
            return _encode(value.to_dict())
        notes = ',"footnotes":[' + ",".join([_quote(n) for n in notes]) + "]"
    else:
        notes = ""
    raw: Any = value.raw
    if raw is None:
        raw = ""
    elif type(raw) is str:
        raw = ',"raw":' + (text if kind is str and raw == v else _quote(raw))
    else:
        return _encode(value.to_dict())
    source: Any = value.source
    if source is None:
        source = ""
    elif type(source) is XmlPath:
        path, line = source.path, source.line
        prefix = _XML_PREFIXES.get(path)
        if prefix is None:
            if type(path) is not str:
                return _encode(value.to_dict())
            if len(_XML_PREFIXES) > 100_000:
                _XML_PREFIXES.clear()
            prefix = _XML_PREFIXES[path] = ',"source":{"kind":"xml","path":' + _quote(path) + ',"line":'
        if type(line) is int:
            source = f"{prefix}{line:d}}}"
        elif line is None:
            source = prefix + "null}"
        else:
            return _encode(value.to_dict())
    elif type(source) is TextSpan and type(start := source.start) is int and type(end := source.end) is int:
        source = f',"source":{{"kind":"text","span":[{start:d},{end:d}]}}'  # a submission header's values
    else:
        source = ',"source":' + _encode(source.to_dict())
    if value.confidence == 1.0 and value.read is None:
        return f'{{"value":{text}{notes}{raw}{source}}}'
    rest = ""
    if value.confidence != 1.0:
        rest = ',"confidence":' + _encode(value.confidence)
    read = value.read
    if read is not None:
        rest += ',"read":' + (_value_json(read) if type(read) is Value else _encode(read.to_dict()))
    return f'{{"value":{text}{notes}{raw}{source}{rest}}}'


#: The last blank Value met: readers often give one shared empty Value for every field left out, so most blank
#: fields are this very object (Values are immutable; holding it keeps the identity test sound).
_last_blank = Value()


def _node_json(node: Any) -> str:
    """`_dumps(...)` of what `Filing.to_dict` makes of any part of a filing."""
    kind = type(node)
    if kind is str:
        return _quote(node)
    write = _WRITERS.get(kind)
    if write is None:
        if isinstance(node, Value):
            return _value_json(node) if kind is Value else _encode(node.to_dict())
        if isinstance(node, tuple):
            return "[" + ",".join([_node_json(item) for item in node]) + "]"
        if isinstance(node, type) or not dataclasses.is_dataclass(node):
            return _encode(_plain(node))
        write = _writer(kind)
    return write(node)


def _field(key: str, item: Any, append: Callable[[str], None]) -> None:
    """Add `key` and the JSON of a dataclass field's value other than a Value (as `Filing.to_dict` makes it) to a
    writer's parts; nothing for a blank value."""
    if type(item) is str:
        append(key + _quote(item))
    elif item is None:
        append(key + "null")
    elif type(item) is int:
        append(key + int.__repr__(item))
    elif type(item) is tuple:
        append(key + "[" + ",".join([_node_json(part) for part in item]) + "]")
    elif isinstance(item, Value):
        if not _is_blank(item):
            append(key + _encode(item.to_dict()))
    else:
        append(key + _node_json(item))


def filing_json(filing: Filing) -> str:
    """The filing as the store keeps it: the JSON text of `Filing.to_dict()`, compact, UTF-8 kept as is."""
    return _node_json(filing)


def filing_from_json(text: str | bytes) -> Filing:
    """The filing whose JSON `filing_json` wrote. Raises what `json.loads` and `Filing.from_dict` raise on text
    that is not one (the store turns that into a StoreError naming the database)."""
    return Filing.from_dict(json.loads(text))


__all__ = ["filing_from_json", "filing_json"]
