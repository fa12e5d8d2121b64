"""`enablekit schema`: the packaged schemas, with this repository's taxonomy filled in."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .load.repository import load
from .model import Taxonomy
from .schemas import NAMES, schema

#: Which schema property takes which vocabulary: property -> (taxonomy field, is a list).
_VOCABULARY = {
    "stage": ("stage", False),
    "personas": ("personas", True),
    "industries": ("industries", True),
    "type": ("type", False),
}


def with_taxonomy(name: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema `name`, with the taxonomy's values as enums so editors can offer them."""
    result = copy.deepcopy(schema(name))
    properties = result.get("properties", {})
    for prop, (vocabulary, is_list) in _VOCABULARY.items():
        values = list(taxonomy.vocabulary(vocabulary))
        if prop not in properties or not values:
            continue
        target = properties[prop]["items"] if is_list else properties[prop]
        target["enum"] = values
    return result


def write_schemas(root: Path, directory: Path) -> list[Path]:
    """Write every schema into `directory` (made if needed); request first."""
    taxonomy = load(root, history=False).repository.taxonomy
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in NAMES:
        path = directory / f"{name}.schema.json"
        path.write_text(
            json.dumps(with_taxonomy(name, taxonomy), indent=2) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written
