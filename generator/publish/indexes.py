"""``<output>/index.html``: the page that sends readers to their language's site."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..load.project import Project
from ..render.markdown import outputs_of
from ..translate.locale import native_name

__all__ = ["write_language_indexes"]


def write_language_indexes(project: Project, staging: Path, langs: list[str]) -> None:
    """``<output>/index.html``: send readers to their language, with a plain list as fallback."""
    source = project.handbook.meta.source_language
    for output in outputs_of(project.handbook):
        folder = staging / output
        links = "\n".join(_language_link(lang) for lang in langs)
        page = _LANGUAGE_INDEX.format(
            lang=source,
            title=html.escape(project.handbook.meta.organisation),
            links=links,
            langs=json.dumps(langs),
            source=json.dumps(source),
        )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(page, encoding="utf-8")


def _language_link(lang: str) -> str:
    name = html.escape(native_name(lang))
    return f'<li><a href="{lang}/" hreflang="{lang}" lang="{lang}">{name}</a></li>'


_LANGUAGE_INDEX = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<script>
(function () {{
  var built = {langs}, wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).toLowerCase(), base = code.split("-")[0];
    for (var j = 0; j < built.length; j++) {{
      if (built[j].toLowerCase() === code || built[j].toLowerCase() === base) {{
        location.replace(built[j] + "/"); return;
      }}
    }}
  }}
  location.replace({source} + "/");
}})();
</script>
</head>
<body>
<h1>{title}</h1>
<ul>
{links}
</ul>
</body>
</html>
"""
