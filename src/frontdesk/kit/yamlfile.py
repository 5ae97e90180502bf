"""Load YAML into pydantic models with errors that name the file and the line.

Configuration is data (forms, prompts, tenants, settings); a typo must point at the place
to fix, not at a stack trace. We compose the YAML node tree once to keep each value's line,
then validate; a validation error is mapped back to the node it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from frontdesk.kit.errors import ConfigError

ModelT = TypeVar("ModelT", bound=BaseModel)


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
            if nxt is None:
                return line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", path=str(path)) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"invalid YAML: {exc.problem}", path=str(path), line=line) from exc
    return data, node


def validate_yaml_data(
    model: type[ModelT], data: Any, node: yaml.Node | None, path: Path
) -> ModelT:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        raise ConfigError(
            f"{where}: {first['msg']}", path=str(path), line=_line_of(node, loc)
        ) from exc


def load_yaml_model(model: type[ModelT], path: Path) -> ModelT:
    data, node = read_yaml(path)
    return validate_yaml_data(model, data, node, path)
