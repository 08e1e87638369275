"""Pick the reader for a file by its name and content."""

import stat
from pathlib import Path

from django.conf import settings

from jalon.core import interchange
from jalon.core.calendar import SEED, Registry
from jalon.core.programme import DocumentError, ProgrammeDocument, TimeBudget
from jalon.core.textdoc import read_text
from jalon.documents.readers import read_docx, read_xlsx

# Formats jalon cannot read: the old binary Office formats, and PDF.
NOT_READABLE = {".doc": ".docx", ".xls": ".xlsx", ".pdf": ".docx or .xlsx"}


def read_document(path: Path, registry: Registry = SEED) -> ProgrammeDocument:
    """Read a programme from a .txt (Word-table text export), .docx, .xlsx or .json file.
    Devices, pipes and files past the size limit are refused before anything is read.
    Bodies and calendars are read against `registry` (the front ends pass the database's,
    `jalon.programmes.registry.load()`)."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise DocumentError(source, "", f"cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(source, "", "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(source, "", "is not a regular file (a device or a pipe?)")
    limit = settings.IMPORT_MAX_BYTES
    if info.st_size > limit:
        raise DocumentError(
            source, "", f"{info.st_size // 2**20} MB, more than the {limit // 2**20} MB allowed"
        )
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise DocumentError(source, "", f"cannot be read: {exc.strerror}") from None
    if len(data) > limit:
        raise DocumentError(source, "", f"more than the {limit // 2**20} MB allowed")
    return read_bytes(source, path.suffix.lower(), data, registry=registry)


def read_bytes(
    source: str,
    suffix: str,
    data: bytes,
    seconds: float | None = None,
    registry: Registry = SEED,
) -> ProgrammeDocument:
    """Read a file's content; with `seconds`, give up with a clear error past that time."""
    budget = TimeBudget(source, seconds)
    if suffix in NOT_READABLE:
        raise DocumentError(
            source, "", f"jalon cannot read {suffix} files; save it as {NOT_READABLE[suffix]}"
        )
    if not data.strip():
        raise DocumentError(source, "", "the file is empty", "empty")
    office = (settings.IMPORT_MAX_UNCOMPRESSED_BYTES, settings.IMPORT_MAX_PARTS)
    if suffix == ".json" or (suffix != ".txt" and data.lstrip()[:1] == b"{"):
        return interchange.loads(source, data, budget)
    if suffix == ".docx":
        return read_docx(source, data, *office, budget, registry)
    if suffix == ".xlsx":
        return read_xlsx(source, data, *office, budget, registry)
    return read_text(source, data, budget, registry)
