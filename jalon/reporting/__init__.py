"""The reporting cycle: sessions, the status of each activity at each session, freezing,
opening a round, recording a status (services), and the activity filters that read
statuses (filters, `models.with_status`).

Depends on core and programmes. Never on interchange, web or api.
"""
