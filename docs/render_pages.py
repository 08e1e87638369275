"""Render the session document page by page to PNG, to look at it: `make docs`.

The bundled programme, read in memory (no database), as `jalon export` would write it:
the French and English PDF (pypdfium2) and Word files (LibreOffice headless → PDF →
PNG), every page, into docs/pages/{pdf,docx}-{fr,en}-NN.png; and the three pictures the
README shows.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jalon.settings")

import django  # noqa: E402

django.setup()

from jalon.core.textdoc import read_text  # noqa: E402
from jalon.documents.formats import render  # noqa: E402

PAGES = ROOT / "docs" / "pages"
README_PAGES = [("pdf-fr", 0, "title-fr.png"), ("pdf-fr", 1, "table-fr.png"),
                ("pdf-en", 1, "table-en.png")]  # fmt: skip
SCALE = 1.4  # 100 dpi: small print stays readable


def save_pages(pdf_bytes: bytes, name: str) -> int:
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    for index in range(len(pdf)):
        image = pdf[index].render(scale=SCALE).to_pil()
        # A 64-colour palette: a third of the size, the level shades still exact enough.
        image.quantize(colors=64).save(PAGES / f"{name}-{index + 1:02d}.png", optimize=True)
        for source, page, target in README_PAGES:
            if (source, page) == (name, index):
                image.save(ROOT / "docs" / target, optimize=True)
    print(f"docs/pages/{name}-01..{len(pdf):02d}.png")
    return len(pdf)


def word_as_pdf(docx: bytes) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed: the Word pages are not rendered")
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder,
                        str(source)], check=True, capture_output=True, timeout=900)  # fmt: skip
        return (Path(folder) / "document.pdf").read_bytes()


def main() -> None:
    source = ROOT / "jalon/data/ptc-programme-2022-2025.txt"
    document = read_text(str(source), source.read_bytes())
    PAGES.mkdir(exist_ok=True)
    for old in PAGES.glob("*.png"):
        old.unlink()
    for lang in ("fr", "en"):
        save_pages(render(document, "pdf", lang=lang), f"pdf-{lang}")
        word = word_as_pdf(render(document, "docx", lang=lang))
        if word is not None:
            save_pages(word, f"docx-{lang}")


if __name__ == "__main__":
    main()
