"""Use cases of the ledger. No Qt here: the command line and the window both call these.

Import what you need from the submodules (``tracker.services.bundle`` wires them together);
this package's own import stays light so that ``--version`` and ``--help`` start at once.
"""
