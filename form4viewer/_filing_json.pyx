# cython: language_level=3, boundscheck=False, wraparound=False
"""The store's JSON text of a filing (`_node_json` and `_value_json` in store.py), compiled.

Writing a filing's JSON is, after reading it, most of what an import does with a file. This writes the usual
parts the same way in C: values whose value is text, a decimal, a date, a box or nothing, with footnote ids, raw
text and an XML path or a span of text as their source. Anything else (a box on a PDF page, a corrected value, a
type the model does not make) is handed to the Python functions, so the text is theirs, character for character;
`tests/test_store_json.py` runs every comparison both ways.

`configure` is called once by store.py with what this needs from it.
"""

from datetime import date as date_type
from decimal import Decimal as Decimal_type

cdef object Value_type = None
cdef object XmlPath_type = None
cdef object TextSpan_type = None
cdef object quote = None
cdef object encode = None
cdef object is_blank = None
cdef object py_value_json = None
cdef object py_node_json = None
cdef dict plans = None
cdef dict prefixes = None
cdef Py_ssize_t MAX_PREFIXES = 0
#: The last blank Value met (readers share one for every field left out), as store.py's `_last_blank`.
cdef object last_blank = None


def configure(value_type, xml_path_type, text_span_type, quote_text, encode_json, blank_test, value_json, node_json_, dataclass_plans,
              xml_prefixes, max_prefixes):
    """Take the model's Value, XmlPath and TextSpan, json's string quoting and encoder, the model's blank test, store.py's
    Python writers, and its caches (plans of dataclasses by type, source prefixes by XML path)."""
    global Value_type, XmlPath_type, TextSpan_type, quote, encode, is_blank, py_value_json, py_node_json, plans, prefixes
    global MAX_PREFIXES, last_blank
    Value_type = value_type
    XmlPath_type = xml_path_type
    TextSpan_type = text_span_type
    quote = quote_text
    encode = encode_json
    is_blank = blank_test
    py_value_json = value_json
    py_node_json = node_json_
    plans = dataclass_plans
    prefixes = xml_prefixes
    MAX_PREFIXES = max_prefixes
    last_blank = value_type()


cdef str decimal_text(object v):
    """`f"{v:f}"`: str() writes the same digits unless it chose an exponent."""
    cdef str text = str(v)
    if "E" in text:
        return format(v, "f")
    return text


cdef bint write_value(list out, object value) except -1:
    """Appends `_value_json(value)` to `out`."""
    if not write_usual_value(out, value):
        out.append(py_value_json(value))
    return 0


cdef bint write_usual_value(list out, object value) except -1:
    """Appends `_value_json(value)` to `out` for a Value as read from XML or text, and says so; appends nothing and
    says no for any other, which the Python writer then writes."""
    cdef str text
    v = value.value
    kind = type(v)
    if kind is str:
        text = quote(v)
    elif v is None:
        text = "null"
    elif kind is bool:
        text = "true" if v else "false"
    elif kind is Decimal_type:
        text = '{"decimal":"' + decimal_text(v) + '"}'
    elif kind is date_type:
        text = '{"date":"' + v.isoformat() + '"}'
    else:
        return False
    notes = value.footnotes
    raw = value.raw
    source = value.source
    if (
        (notes and type(notes) is not tuple)
        or (raw is not None and type(raw) is not str)
        or value.confidence != 1.0
        or value.read is not None
    ):
        return False
    if notes:
        for note in <tuple>notes:
            if type(note) is not str:
                return False
    if source is None:
        source_text = ""
    elif type(source) is TextSpan_type:
        start = source.start
        end = source.end
        if type(start) is not int or type(end) is not int or source.kind != "text":
            return False
        source_text = ',"source":{"kind":"text","span":[' + int.__repr__(start) + "," + int.__repr__(end) + "]}"
    elif type(source) is XmlPath_type:
        path = source.path
        line = source.line
        if (type(line) is not int and line is not None) or type(path) is not str:
            return False
        prefix = prefixes.get(path)
        if prefix is None:
            if len(prefixes) > MAX_PREFIXES:
                prefixes.clear()
            prefix = ',"source":{"kind":"xml","path":' + quote(path) + ',"line":'
            prefixes[path] = prefix
        source_text = <str>prefix + ("null}" if line is None else int.__repr__(line) + "}")
    else:
        return False
    out.append('{"value":')
    out.append(text)
    if notes:
        out.append(',"footnotes":[')
        out.append(",".join([quote(note) for note in <tuple>notes]))
        out.append("]")
    if raw is not None:
        out.append(',"raw":')
        out.append(text if kind is str and raw == v else quote(raw))
    out.append(source_text)
    out.append("}")
    return True


cdef bint write_node(list out, object node) except -1:
    """Appends `_node_json(node)` to `out`: the JSON of any part of a filing."""
    global last_blank
    cdef bint first = True
    kind = type(node)
    if kind is str:
        out.append(quote(node))
        return 0
    plan = plans.get(kind)
    if plan is None:  # a Value or tuple on its own, or a class met for the first time: Python makes its plan
        out.append(py_node_json(node))
        return 0
    getter, keys = <tuple>plan
    blank = last_blank
    out.append("{")
    for key, item in zip(<tuple>keys, getter(node)):
        if item is blank:
            continue
        item_type = type(item)
        if item_type is Value_type:
            # A blank Value is left out, as Filing.to_dict does.
            if (
                item.source is None
                and item.value is None
                and item.raw is None
                and not item.footnotes
                and item.read is None
                and item.confidence == 1.0
            ):
                blank = last_blank = item
                continue
        elif isinstance(item, Value_type) and is_blank(item):
            continue
        if not first:
            out.append(",")
        first = False
        out.append(key)
        if item_type is Value_type:
            write_value(out, item)
        elif item_type is str:
            out.append(quote(item))
        elif item is None:
            out.append("null")
        elif item_type is int:
            out.append(int.__repr__(item))
        elif item_type is tuple:
            out.append("[")
            for i, part in enumerate(<tuple>item):
                if i:
                    out.append(",")
                write_node(out, part)
            out.append("]")
        elif isinstance(item, Value_type):
            out.append(encode(item.to_dict()))
        else:
            write_node(out, item)
    out.append("}")
    return 0


def node_json(object node):
    """`_node_json(node)`: the JSON of any part of a filing."""
    cdef list out = []
    write_node(out, node)
    return "".join(out)
