"""JSON Schemas of the content files, so that editors complete and check fields as HR types.

``handbook schema`` writes one schema per kind of file into ``schema/``; an
editor's YAML support (VS Code's YAML extension, JetBrains IDEs) maps them to
the files. The schemas come from the same models the loader validates with, so
they cannot drift apart; a few checks (references to contacts, audiences) still
need ``handbook check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .handbook import Addendum, Changelog, Directory, Metadata, Page

__all__ = ["FILES", "content_schemas", "editor_settings", "write_schemas"]

# Schema file name -> (model, the content files it describes).
FILES: dict[str, tuple[type[BaseModel], str]] = {
    "handbook.schema.json": (Metadata, "content/handbook.yml"),
    "contacts.schema.json": (Directory, "content/contacts.yml"),
    "changelog.schema.json": (Changelog, "content/changelog.yml"),
    "page.schema.json": (Page, "content/pages/*.yml"),
    "addendum.schema.json": (Addendum, "content/addenda/*.yml"),
}


def content_schemas() -> dict[str, dict[str, Any]]:
    """Each schema file's name and content."""
    schemas = {}
    for name, (model, files) in FILES.items():
        schema = model.model_json_schema(mode="validation")
        if model in (Page, Addendum):  # its id is its file name, not a field
            schema["properties"].pop("id")
            schema["required"] = [field for field in schema["required"] if field != "id"]
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": files, **schema}
        schemas[name] = schema
    return schemas


def write_schemas(root: Path) -> list[Path]:
    """Write ``schema/*.schema.json`` into the project; returns the files written."""
    folder = Path(root) / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in content_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def editor_settings() -> dict[str, Any]:
    """The ``yaml.schemas`` setting of VS Code's YAML extension, mapping each schema to its files."""
    return {"yaml.schemas": {f"schema/{name}": files for name, (_, files) in FILES.items()}}
