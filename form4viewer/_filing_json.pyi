# The compiled JSON writer's functions (see _filing_json.pyx), for type checkers.
from collections.abc import Callable
from typing import Any

def configure(
    value_type: type,
    xml_path_type: type,
    text_span_type: type,
    quote_text: Callable[[str], str],
    encode_json: Callable[[Any], str],
    blank_test: Callable[[Any], bool],
    value_json: Callable[[Any], str],
    node_json_: Callable[[Any], str],
    dataclass_plans: dict[type, Any],
    xml_prefixes: dict[str, str],
    max_prefixes: int,
) -> None: ...
def node_json(node: Any) -> str: ...
