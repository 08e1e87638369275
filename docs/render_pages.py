"""Render pages of the session document to PNG for the README: `make docs`.

Uses the bundled programme read in memory (no database), as `jalon export` would print it.
"""

import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jalon.core.textdoc import read_text  # noqa: E402
from jalon.documents.formats import render  # noqa: E402

PAGES = [("fr", 0, "summary-fr.png"), ("fr", 1, "table-fr.png"), ("en", 1, "table-en.png")]


def main() -> None:
    source = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
    document = read_text(str(source), source.read_bytes())
    for lang in {lang for lang, _, _ in PAGES}:
        pdf = pypdfium2.PdfDocument(render(document, "pdf", lang=lang))
        for page_lang, index, name in PAGES:
            if page_lang == lang:
                pdf[index].render(scale=1.4).to_pil().save(ROOT / "docs" / name, optimize=True)
                print(f"docs/{name}")


if __name__ == "__main__":
    main()
