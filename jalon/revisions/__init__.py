"""The programme's own life: revisions (draft → presented → endorsed → adopted) and the
changes each holds (added, amended, withdrawn, merged, split, renumbered); the services
that edit the programme inside a draft revision; starting the next programme from one.

Depends on core, programmes and reporting (a revision is presented at a session).
"""
