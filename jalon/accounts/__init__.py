"""Who may do what: the roles (member, secretariat, admin), users and API tokens.

Depends on core only.
"""
