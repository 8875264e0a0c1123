"""The language server (``bicon-lint server``): bicon-lint's diagnostics, hover and quick fixes
in an editor, over the Language Server Protocol (``server``, built on pygls). Editor set-up:
docs/editors.md.

``positions``, ``linting`` and ``fixes`` hold what the server does with a text and import no LSP
library; only ``server`` imports pygls and lsprotocol, and only ``bicon-lint server`` imports it.
"""
