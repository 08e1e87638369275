"""The pure core: the programme as plain data, the parsers and readers, the rules, the
JSON interchange format, the diff. No Django.

Depends on nothing else in jalon: every app may use it.
"""
