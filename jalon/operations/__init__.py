"""Operations: what a secretariat's IT unit needs to run jalon.

Owns the production server (`jalon serve --production`, gunicorn's configuration), the
health check (`/healthz`), the error pages, one-line JSON logging and jalon's own
events in it, and database-level backup and restore (`jalon backup`, `jalon restore`).
Depends on nothing else in jalon but the settings.
"""
