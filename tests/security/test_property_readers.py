"""Property: any bytes given to any reader end as a document or a clear DocumentError —
never another exception (a traceback on the CLI, a 500 on the web). Arbitrary bytes, and
mutations of the real document and of jalon's own Word, Excel and JSON files."""

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jalon.core import interchange
from jalon.core.programme import DocumentError, ProgrammeDocument
from jalon.core.textdoc import read_text
from jalon.documents.formats import render
from jalon.interchange.readers import read_bytes
from tests.conftest import REAL_DOCUMENT

SUFFIXES = [".txt", ".docx", ".xlsx", ".json", ""]
REAL = REAL_DOCUMENT.read_bytes()
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=SLOW_OK)


def read(suffix: str, data: bytes):
    try:
        return read_bytes(f"fuzz{suffix}", suffix, data)
    except DocumentError as refused:
        assert refused.source == f"fuzz{suffix}" and refused.message
        return refused


@st.composite
def mutated(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "digits"]))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.sampled_from([b"\t", b"\n", b"\x0b", b"\x1b[2J", b"<p>",
                                                b"&lt;script&gt;", b"\xff", b"0000", b"\t\t\t",
                                                "٢".encode(), b"(pr\xc3\xa9sent\xc3\xa9 au CTP "
                                                b"en avril 0000)"]))  # fmt: skip
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "duplicate":
            end = data.find(b"\n", at) + 1 or len(data)
            start = data.rfind(b"\n", 0, at) + 1
            data[end:end] = data[start:end]
        elif action == "digits":
            data[at : at + 4] = str(draw(st.integers(0, 10**20))).encode()
    return bytes(data)


@FAST
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2000))
def test_arbitrary_bytes_are_read_or_clearly_refused(suffix, data):
    read(suffix, data)


@FAST
@given(data=mutated(REAL))
def test_mutations_of_the_real_document_are_read_or_clearly_refused(data):
    read(".txt", data)


@pytest.fixture(scope="module")
def own_files() -> dict[str, bytes]:
    document = read_text(str(REAL_DOCUMENT), REAL)
    return {suffix: render(document, suffix.lstrip("."), "CTP-243-244")
            for suffix in (".docx", ".xlsx", ".json")}  # fmt: skip


def rezipped(original: bytes, change) -> bytes:
    """The Office file with every XML part passed through `change`."""
    source, out = zipfile.ZipFile(io.BytesIO(original)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            content = source.read(part)
            target.writestr(part.filename, change(content) if part.filename.endswith(".xml")
                            else content)  # fmt: skip
    return out.getvalue()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])  # fmt: skip
@given(suffix=st.sampled_from([".docx", ".xlsx"]), data=st.data())
def test_mutations_of_jalons_office_files_are_read_or_clearly_refused(own_files, suffix, data):
    original = own_files[suffix]
    if data.draw(st.booleans()):  # damage the zip itself
        read(suffix, data.draw(mutated(original)))
    else:  # or the XML inside it: entities, bad characters, broken tags
        insert = data.draw(st.sampled_from([
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
            b"&#0;", b"&#x1b;", b"\x0b", b"</w:t>", b"<x:y>", b"&b;",
        ]))  # fmt: skip
        at = data.draw(st.integers(0, 400))
        read(suffix, rezipped(original, lambda xml: xml[:at] + insert + xml[at:]))


@FAST
@given(data=st.data())
def test_mutations_of_a_jalon_backup_are_read_or_clearly_refused(own_files, data):
    document = json.loads(own_files[".json"])
    targets = [document["programme"], document["sessions"][0], document["activities"][0],
               document["activities"][0]["status_reports"][0]]  # fmt: skip
    target = data.draw(st.sampled_from(targets))
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(st.none() | st.booleans() | st.integers(-(2**70), 2**70)
                            | st.text(max_size=20) | st.lists(st.integers(), max_size=3)
                            | st.dictionaries(st.text(max_size=3), st.text(max_size=5),
                                              max_size=2))  # fmt: skip
    result = read(".json", json.dumps(document).encode())
    assert isinstance(result, (ProgrammeDocument, DocumentError))
    if isinstance(result, ProgrammeDocument):  # accepted: it passes the gate again unchanged
        assert interchange.loads("again.json", interchange.dumps(result).encode()) == result
