"""The programme itself: bodies, strategic-plan codes, programmes, activities and their
responsible bodies (the models, their admin, the body registry).

Depends on core only. Knows nothing of sessions or statuses: those are `reporting`'s.
"""
