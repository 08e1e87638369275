"""The session document in every format, and readers for the ones that come back.

Pure Python (no Django): `report.build_report()` turns a ProgrammeDocument into the
view of one session in one language; each module then writes one format as bytes.

Depends on core only.
"""
