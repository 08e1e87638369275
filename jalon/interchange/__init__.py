"""Between documents and the database: reading a file into plain data (readers), storing
it and loading it back (store), and the commands built on that (import, export, diff,
demo-data).

Depends on core, documents, programmes, reporting and revisions.
"""
