"""The REST API (/api/v1/): serializers, views, permissions, the OpenAPI schema.

Depends on every app below it (core, documents, accounts, programmes, reporting, revisions,
interchange); nothing depends on it.
"""
