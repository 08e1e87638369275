"""Across bodies: the forward agenda (what is due before a body at a session), its
calendar feeds (private tokenised iCalendar URLs) and the consolidated report for the
Policy Commission and the Council (every body's programme at a date).

Depends on core, documents, programmes and reporting. Never on web or api.
"""
