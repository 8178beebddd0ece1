"""The user's settings for the command line: organisation, default language and pseudonym key.

``desistkit setup`` writes them to ``config.toml`` in the user's config folder (found by
platformdirs: ``~/.config/desistkit`` on Linux, ``~/Library/Application Support/desistkit`` on
macOS, ``%APPDATA%\\desistkit`` on Windows), or in ``DESISTKIT_CONFIG_DIR`` when that is set
(tests, a shared machine, a portable install). Only the command line reads them: the Python API
takes every setting as an argument and has no global state.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import attrs
import click

from desistkit.core import _toml as tomllib  # imports the parser when a file is read

__all__ = ["CONFIG_DIR_ENV", "Settings", "config_dir", "config_path", "load_settings", "settings_text"]

CONFIG_DIR_ENV = "DESISTKIT_CONFIG_DIR"
CONFIG_NAME = "config.toml"
KEY_NAME = "pseudonym.key"


@attrs.frozen
class Settings:
    """What `desistkit setup` stored; every field may be missing."""

    organisation: str | None = None
    lang: str | None = None
    pseudonym_key: Path | None = None


def config_dir() -> Path:
    """The folder of desistkit's settings: ``DESISTKIT_CONFIG_DIR``, else the user's config folder."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("desistkit", appauthor=False, roaming=True))


def config_path() -> Path:
    """The settings file, ``config.toml`` in :func:`config_dir`."""
    return config_dir() / CONFIG_NAME


def default_key_path() -> Path:
    """Where `desistkit setup` puts a new pseudonym key."""
    return config_dir() / KEY_NAME


class SettingsError(click.ClickException):
    """The settings file cannot be read; the message names the file and the entry."""


def load_settings() -> Settings:
    """The stored settings, or empty ones when `desistkit setup` has not been run."""
    path = config_path()
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Settings()
    except UnicodeDecodeError:
        raise SettingsError(
            f"{path}: not UTF-8 text; run `desistkit setup --force` to write it again"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML ({exc}); run `desistkit setup --force`") from None
    values: dict[str, str] = {}
    for name in ("organisation", "lang", "pseudonym_key"):
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{path}: {name}: expected a text, got {type(value).__name__}")
        if value:
            values[name] = value
    key = values.pop("pseudonym_key", None)
    # A relative key path is relative to the settings folder, so the folder can be moved whole.
    return Settings(**values, pseudonym_key=(path.parent / key) if key else None)


def settings_text(settings: Settings) -> str:
    """The settings file's text (TOML; JSON strings are valid TOML basic strings)."""
    lines = ["# desistkit settings, written by `desistkit setup`. The key file itself is secret.\n"]
    for name, value in (
        ("organisation", settings.organisation),
        ("lang", settings.lang),
        ("pseudonym_key", str(settings.pseudonym_key) if settings.pseudonym_key else None),
    ):
        if value:
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(lines)
