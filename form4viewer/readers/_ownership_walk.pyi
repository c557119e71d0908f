# The compiled walk's functions (see _ownership_walk.pyx), for type checkers.
from typing import Any

from lxml import etree

def configure(
    value_type: type,
    xml_path_type: type,
    repeated_error: type[Exception],
    kinds: tuple[Any, Any, Any, Any],
    upper_kinds: tuple[Any, ...],
    bools: dict[str, bool],
    decimal_type: type,
    date_type: type,
) -> None: ...
def single_pass(
    walker: Any, element: etree._Element, path: str, plan: dict[str, Any], where: str, line_offset: int
) -> dict[str, Any]: ...
def text_value(walker: Any, element: etree._Element, path: str, line_offset: int) -> Any: ...
def children(element: etree._Element, tag: str, parent_path: str) -> list[tuple[etree._Element, str]]: ...
def build(cls: type, names: tuple[str, ...], defaults: dict[str, Any], fields: dict[str, Any]) -> Any: ...
