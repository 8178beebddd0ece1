"""Moved to :mod:`desistkit.sharing.redaction._fold`; this name stays for code that imports it."""

from desistkit.sharing.redaction._fold import fold, fold_word

__all__ = ["fold", "fold_word"]
