"""The rule checker's command (`jalon check`) on a stored programme; the rules
themselves are pure (jalon.core.rules).

Depends on core, programmes, reporting, revisions and interchange.
"""
