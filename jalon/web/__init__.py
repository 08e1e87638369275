"""The web application: dashboard (and its figures, computed in the database), activity
list and detail, reporting rounds, status form, import and export pages.

Depends on every app below it (core, documents, accounts, programmes, reporting, revisions,
interchange); nothing depends on it.
"""
