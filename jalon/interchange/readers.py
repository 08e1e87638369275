"""Pick the reader for a file by its name and content."""

from pathlib import Path

from jalon.core import interchange
from jalon.core.programme import DocumentError, ProgrammeDocument
from jalon.core.textdoc import read_text

# Formats jalon will read once their readers exist (the documents issue).
NOT_YET_READABLE = {".docx", ".xlsx", ".doc", ".xls", ".pdf"}


def read_document(path: Path) -> ProgrammeDocument:
    """Read a programme from a .txt (Word-table text export) or .json file."""
    source = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DocumentError(source, "", "is a directory, not a file") from None
    except OSError as exc:
        raise DocumentError(source, "", f"cannot be read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix in NOT_YET_READABLE:
        raise DocumentError(source, "", f"jalon cannot read {suffix} files yet; use .txt or .json")
    if not data.strip():
        raise DocumentError(source, "", "the file is empty")
    if suffix == ".json" or (suffix != ".txt" and data.lstrip()[:1] == b"{"):
        return interchange.loads(source, data)
    return read_text(source, data)
