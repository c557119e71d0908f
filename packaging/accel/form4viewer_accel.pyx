# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""form4viewer's accelerator: the ownership XML reader's single pass over a record (`_Walker._single_pass` in
form4viewer/readers/ownership.py), compiled against lxml's C API. Optional: a platform wheel of its own, built from
packaging/accel/; the pure-Python reader gives the same values without it.

Reading an element's children in Python costs an lxml proxy object and a string for each child's tag, and most of a
filing's reading time went there. This walks libxml2's nodes instead, and makes the same values through the
constructors the model hands it (its plain `Value.trusted`, which the Python walk uses too; it writes no object's
attributes itself): every shape it is not sure of (a holder with other children, text that needs the general parser,
a line number past 65,534, an attribute split in parts) is handed to the reader's Python methods, so the result is
the Python walk's, value for value. tests/readers/test_ownership_paths.py reads the corpus both ways and compares.

One entry point: `RecordWalk(...)`, made once by ownership.py with the objects this needs from it (so that this
module imports nothing of form4viewer's), called for each record. `API` is the version of that interface.
"""

from cpython.object cimport PyObject
from cpython.unicode cimport PyUnicode_AsUTF8, PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen
from lxml.includes cimport tree
from lxml.includes.etreepublic cimport _Element, _isElement, elementFactory, import_lxml__etree
from lxml.includes.tree cimport const_xmlChar, xmlAttr, xmlNode

import_lxml__etree()

# A record never reads more than 21 fields; more holders than this means a field repeats (the Python walk then
# reads the element by steps), so a fixed array suffices.
cdef enum:
    MAX_HOLDERS = 40

cdef object Value_type = None
cdef object XmlPath_type = None
cdef object Repeated = None
cdef object TEXT = None
cdef object DECIMAL = None
cdef object DATE = None
cdef object BOOL = None
cdef tuple UPPER = ()
cdef dict BOOLS = None
cdef object Decimal_type = None
cdef object date_fromisoformat = None
cdef tuple EMPTY_NOTES = ()
cdef dict sources = {}
cdef Py_ssize_t MAX_SOURCES = 0
#: What `parse_usual` gives for text it leaves to the general parser.
cdef object UNUSUAL = object()


#: The version of the interface (`RecordWalk`'s arguments and what it gives); ownership.py checks it.
API = 4


# Tags as strings, by the address of libxml2's copy of the name: a parser keeps one copy of each name, so a document
# asks for the same few dozen. An entry is used only when its text is still that of the name at the address.
cdef enum:
    TAG_SLOTS = 512
cdef const_xmlChar* tag_names[TAG_SLOTS]
cdef list tag_strings = [None] * TAG_SLOTS


cdef inline str tag_of(xmlNode* node):
    """The tag of an element in no namespace, else None (the plan holds no namespaced tag)."""
    cdef const_xmlChar* name
    cdef size_t slot
    cdef str tag
    if node.type != tree.XML_ELEMENT_NODE or node.ns is not NULL:
        return None
    name = node.name
    slot = (<size_t>name >> 4) % TAG_SLOTS
    if tag_names[slot] == name:
        tag = <str>tag_strings[slot]
        if strcmp(PyUnicode_AsUTF8(tag), <const char*>name) == 0:
            return tag
    tag = PyUnicode_DecodeUTF8(<const char*>name, strlen(<const char*>name), NULL)
    tag_names[slot] = name
    tag_strings[slot] = tag
    return tag


cdef inline bint is_named(xmlNode* node, const char* name):
    return node.type == tree.XML_ELEMENT_NODE and node.ns is NULL and strcmp(<const char*>node.name, name) == 0


cdef inline xmlNode* first_child(xmlNode* node):
    """The first child lxml counts (`element[0]`): an element, comment, processing instruction or entity."""
    cdef xmlNode* child = node.children
    while child is not NULL and not _isElement(child):
        child = child.next
    return child


cdef inline Py_ssize_t count_children(xmlNode* node):
    """`len(element)`."""
    cdef Py_ssize_t count = 0
    cdef xmlNode* child = node.children
    while child is not NULL:
        if _isElement(child):
            count += 1
        child = child.next
    return count


cdef inline str content_of(xmlNode* node):
    if node.content is NULL:
        return ""
    return PyUnicode_DecodeUTF8(<const char*>node.content, strlen(<const char*>node.content), NULL)


cdef object text_of(xmlNode* node):
    """`element.text`: the text nodes (and CDATA sections) before the first child; None without any."""
    cdef xmlNode* child = node.children
    cdef xmlNode* start
    cdef int parts = 0
    while child is not NULL and (child.type == tree.XML_TEXT_NODE or child.type == tree.XML_CDATA_SECTION_NODE):
        parts += 1
        child = child.next
    if parts == 0:
        return None
    start = node.children
    if parts == 1:
        return content_of(start)
    pieces = []
    child = start
    while child is not NULL and (child.type == tree.XML_TEXT_NODE or child.type == tree.XML_CDATA_SECTION_NODE):
        pieces.append(content_of(child))
        child = child.next
    return "".join(pieces)


cdef bint is_blank(xmlNode* node):
    """Whether `"".join(element.itertext())` is empty or white space: below the element are only elements and
    text of spaces, tabs and line ends. Anything else (other letters, a comment, an entity) says no, and the
    Python walk reads it."""
    cdef xmlNode* child = node.children
    cdef const unsigned char* text
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE:
            if not is_blank(child):
                return False
        elif child.type == tree.XML_TEXT_NODE or child.type == tree.XML_CDATA_SECTION_NODE:
            text = <const unsigned char*>child.content
            while text is not NULL and text[0] != 0:
                if text[0] != 32 and text[0] != 9 and text[0] != 10 and text[0] != 13:
                    return False
                text += 1
        else:
            return False
        child = child.next
    return True


cdef object line_of(_Element owner, xmlNode* node):
    """`element.sourceline`. libxml2 keeps lines up to 65,534 in the node; past that, lxml's own answer."""
    cdef unsigned short line = node.line
    if line == 65535:
        return elementFactory(owner._doc, node).sourceline
    if line == 0:
        return None
    return line


cdef object id_of(_Element owner, xmlNode* node):
    """`element.get("id")`."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, "id") == 0:
            if attr.children is NULL:
                return ""
            if attr.children.next is NULL and attr.children.type == tree.XML_TEXT_NODE:
                return content_of(attr.children)
            return elementFactory(owner._doc, node).get("id")
        attr = attr.next
    return None


cdef object make_value(object parsed, tuple notes, object raw, str path, str relative, object line):
    """`Value(parsed, notes, raw, XmlPath(path + relative, line))`, through the constructors the model hands over
    (its plain `Value.trusted`, as the Python walk uses it), the XmlPath (its plain `XmlPath.trusted`) shared
    through the reader's cache of them; the Python walk (`_value` in ownership.py) makes each anew, an equal one."""
    key = (path + relative, line)
    source = sources.get(key)
    if source is None:
        if len(sources) >= MAX_SOURCES:
            sources.clear()
        source = sources[key] = XmlPath_type(key[0], line)
    return Value_type(parsed, notes, raw, source)


cdef object parse_usual(str text, object kind):
    """ownership.py's `_parse(kind, text)` for the forms XML uses (text, a plain decimal, an ISO date, 1/0/true/
    false, a code); UNUSUAL for anything the general parser must look at."""
    cdef object parsed
    if kind is TEXT:
        return text
    if kind is DECIMAL:
        try:
            parsed = Decimal_type(text)
        except ArithmeticError:
            return UNUSUAL
        return parsed if parsed.is_finite() else UNUSUAL
    if kind is DATE:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date_fromisoformat(text)
            except ValueError:
                pass
        return UNUSUAL
    if kind is BOOL:
        return BOOLS.get(text, UNUSUAL)
    if kind in UPPER:
        return text.upper()
    return UNUSUAL


cdef object read_value(object walker, object raw, object line, str path, str relative, tuple notes, object kind,
                       str where, str field, long line_offset):
    """`walker.value(...)` for the usual kinds and text; the rest goes to it."""
    stripped = raw
    if raw is not None:
        stripped = (<str>raw).strip()
    if not stripped:
        return make_value(None, notes, None, path, relative, None if line is None else line + line_offset)
    parsed = parse_usual(<str>stripped, kind)
    if parsed is UNUSUAL:
        return walker.value(raw, line, path + relative, notes, kind, where, field)
    return make_value(parsed, notes, stripped, path, relative, None if line is None else line + line_offset)


cdef object read_holder(object walker, _Element element, xmlNode* holder, str path, str relative,
                        str value_relative, object kind, bint with_value_child, str where, str field,
                        long line_offset):
    """`walker.holder(...)` for a holder whose children are `<value>` (without children of its own) and
    `<footnoteId>` elements; any other shape goes to it."""
    cdef xmlNode* child = holder.children
    cdef xmlNode* text_node = NULL
    cdef int values = 0
    cdef tuple notes = EMPTY_NOTES
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE and child.ns is NULL:
            if strcmp(<const char*>child.name, "value") == 0:
                if with_value_child:
                    values += 1
                    if values == 1:
                        text_node = child
            elif strcmp(<const char*>child.name, "footnoteId") == 0:
                note_id = id_of(element, child)
                if note_id:
                    notes += ((<str>note_id).strip(),)
        child = child.next
    if text_node is NULL and is_blank(holder):  # only footnote references: the value is the footnotes alone
        return read_value(walker, None, line_of(element, holder), path, relative, notes, kind, where, field,
                          line_offset)
    if text_node is NULL or count_children(text_node):  # the holder's own text, or mixed content: itertext()
        return walker.holder(elementFactory(element._doc, holder), path + relative, kind, with_value_child, where,
                             field)
    return read_value(walker, text_of(text_node), line_of(element, text_node), path,
                      relative + "/value[1]" if values > 1 else value_relative, notes, kind, where, field, line_offset)


cdef int push_holder(xmlNode** nodes, PyObject** specs, int count, xmlNode* node, object spec) except -1:
    """Adds a holder and its spec (kept alive by the plan) to the single pass's arrays; the new count."""
    if count == MAX_HOLDERS:
        raise Repeated
    nodes[count] = node
    specs[count] = <PyObject*>spec
    return count + 1


cdef dict single_pass(object walker, _Element element, str path, dict plan, str where, long line_offset):
    """`_Walker._single_pass(element, path, record, where)` with `plan` the record's plan: the fields found, box
    footnote ids under the key "". Raises the configured repeated-element error as the Python walk does."""
    cdef xmlNode* c_element = element._c_node
    cdef xmlNode* child
    cdef xmlNode* grandchild
    cdef xmlNode* holder
    cdef xmlNode* text_node
    cdef xmlNode* holder_nodes[MAX_HOLDERS]
    cdef PyObject* holder_specs[MAX_HOLDERS]
    cdef int holders = 0
    cdef int i
    cdef Py_ssize_t count
    cdef dict found = {}
    cdef dict box_notes = None
    cdef set boxes = None
    cdef dict inner_plan
    cdef tuple spec
    child = c_element.children
    while child is not NULL:
        if child.type == tree.XML_ELEMENT_NODE:
            tag = tag_of(child)
            found_spec = plan.get(tag) if tag is not None else None
            if found_spec is not None:
                spec = <tuple>found_spec
                first = spec[0]
                if type(first) is str:
                    holders = push_holder(holder_nodes, holder_specs, holders, child, spec)
                else:
                    if boxes is None:
                        boxes = {tag}
                    elif tag in boxes:
                        raise Repeated
                    else:
                        boxes.add(tag)
                    inner_plan = <dict>first
                    notes_field = spec[1]
                    grandchild = child.children
                    while grandchild is not NULL:
                        if grandchild.type == tree.XML_ELEMENT_NODE:
                            inner = tag_of(grandchild)
                            inner_found = inner_plan.get(inner) if inner is not None else None
                            if inner_found is not None:
                                holders = push_holder(holder_nodes, holder_specs, holders, grandchild, inner_found)
                            elif notes_field is not None and inner == "footnoteId":
                                note_id = id_of(element, grandchild)
                                if note_id:
                                    if box_notes is None:
                                        box_notes = {}
                                    box_notes[notes_field] = box_notes.get(notes_field, ()) + ((<str>note_id).strip(),)
                        grandchild = grandchild.next
        child = child.next
    for i in range(holders):
        holder = holder_nodes[i]
        spec = <tuple>holder_specs[i]
        field, kind, with_value_child, relative, value_relative = spec
        if field in found:
            raise Repeated
        count = count_children(holder)
        if count == 0:
            raw = text_of(holder)
            line = line_of(element, holder)
            source_relative = <str>relative
        elif count == 1 and with_value_child:
            text_node = first_child(holder)
            if is_named(text_node, "value") and count_children(text_node) == 0:
                raw = text_of(text_node)
                line = line_of(element, text_node)
                source_relative = <str>value_relative
            else:
                found[field] = read_holder(walker, element, holder, path, relative, value_relative, kind,
                                           with_value_child, where, field, line_offset)
                continue
        else:
            found[field] = read_holder(walker, element, holder, path, relative, value_relative, kind,
                                       with_value_child, where, field, line_offset)
            continue
        found[field] = read_value(walker, raw, line, path, source_relative, EMPTY_NOTES, kind, where, field,
                                  line_offset)
    if box_notes:
        # As `_Walker.record` does: a box's footnote ids go after the field's own, or make a value of their own.
        for field, notes in box_notes.items():
            value = found.get(field)
            found[field] = (Value_type(None, notes, None, None) if value is None else
                            with_footnotes(value, value.footnotes + notes))
    return found


cdef object with_footnotes(object value, tuple notes):
    """`dataclasses.replace(value, footnotes=notes)` for a value as read (`read` None)."""
    return Value_type(value.value, notes, value.raw, value.source, value.confidence)


cdef class RecordWalk:
    """The single pass over a record, set up with the model's constructors of a Value as read (`Value.trusted`:
    value, footnotes, raw, source, confidence) and of an XmlPath, the reader's error for a
    repeated element, the kinds (TEXT, DECIMAL, DATE, BOOL), the kinds read in capitals, the 1/0/true/false table,
    the Decimal and date classes, and the reader's cache of XmlPaths by (path, line) with the size it is emptied at. Called as `walk(walker, element, path, plan, where, line_offset)`, it gives
    what `_Walker._single_pass(element, path, record, where)` gives for the record whose plan is `plan`, with the
    box footnote ids already merged (as `_Walker.record` merges them); raises the repeated-element error where the
    Python walk does."""

    def __init__(self, value_type, xml_path_type, repeated_error, kinds, upper_kinds, bools, decimal_type, date_type,
                 dict source_cache, Py_ssize_t max_sources):
        global Value_type, XmlPath_type, Repeated, TEXT, DECIMAL, DATE, BOOL, UPPER, BOOLS
        global Decimal_type, date_fromisoformat, sources, MAX_SOURCES
        Value_type = value_type
        XmlPath_type = xml_path_type
        Repeated = repeated_error
        TEXT, DECIMAL, DATE, BOOL = kinds
        UPPER = tuple(upper_kinds)
        BOOLS = bools
        Decimal_type = decimal_type
        date_fromisoformat = date_type.fromisoformat
        sources = source_cache
        MAX_SOURCES = max_sources

    def __call__(self, object walker, _Element element, str path, dict plan, str where, long line_offset):
        return single_pass(walker, element, path, plan, where, line_offset)
