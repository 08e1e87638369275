"""Translation of the programme's texts as part of the round: which source version each
translation was made from, the state of every text (up to date, missing, outdated), the
fixed terms jalon translates itself (glossary), XLIFF 1.2 out to the translators' tools
and back (preview, then one transaction), and saving one translation from the
side-by-side screen.

Depends on core, accounts, programmes, reporting and documents (the template's labels).
"""
