"""Writing generated pages into docs/: the only output I/O. (stub: to be replaced)"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> None:
    """Write ``pages`` under ``docs_dir``."""
    for relative, content in sorted(pages.items()):
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
