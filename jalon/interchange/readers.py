"""Pick the reader for a file by its name and content."""

from pathlib import Path

from jalon.core import interchange
from jalon.core.programme import DocumentError, ProgrammeDocument
from jalon.core.textdoc import read_text
from jalon.documents.readers import read_docx, read_xlsx

# Formats jalon cannot read: the old binary Office formats, and PDF.
NOT_READABLE = {".doc": ".docx", ".xls": ".xlsx", ".pdf": ".docx or .xlsx"}


def read_document(path: Path) -> ProgrammeDocument:
    """Read a programme from a .txt (Word-table text export), .docx, .xlsx or .json file."""
    source = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DocumentError(source, "", "is a directory, not a file") from None
    except OSError as exc:
        raise DocumentError(source, "", f"cannot be read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix in NOT_READABLE:
        raise DocumentError(
            source, "", f"jalon cannot read {suffix} files; save it as {NOT_READABLE[suffix]}"
        )
    if not data.strip():
        raise DocumentError(source, "", "the file is empty")
    if suffix == ".docx":
        return read_docx(source, data)
    if suffix == ".xlsx":
        return read_xlsx(source, data)
    if suffix == ".json" or (suffix != ".txt" and data.lstrip()[:1] == b"{"):
        return interchange.loads(source, data)
    return read_text(source, data)
