"""Writing a document part's rows straight into its zip entry, a batch at a time (the
Word and Excel writers' data rows, without a tree of the whole document in memory)."""

from collections.abc import Iterable
from typing import BinaryIO

BATCH = 256  # rows joined per write: few writes, little memory


def write_rows(stream: BinaryIO, rows: Iterable[str], encoding: str) -> None:
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            stream.write("".join(batch).encode(encoding))
            batch.clear()
    stream.write("".join(batch).encode(encoding))
