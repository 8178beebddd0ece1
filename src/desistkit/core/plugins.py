"""Named plugins and their typed options: the machinery behind the exporter and importer registries.

A :class:`Registry` holds the built-in plugins, those an installed package declares under an
entry-point group (an organisation's own document type), and those registered in-process. Every
plugin has a ``name`` and an ``options`` class: an attrs class whose fields are the plugin's options,
each with a default. :func:`make_options` builds one from keyword arguments and names the option
that is wrong and what was expected.

Entry points are read on first use and cached; :meth:`Registry.clear` forgets them
(``desistkit.clear_caches()`` calls it).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import attrs

from desistkit.core.errors import OptionError, UnknownDocumentTypeError

if TYPE_CHECKING:
    import importlib.metadata

__all__ = ["Plugin", "Registry", "instance_of", "make_options", "one_of", "option_names"]


class Plugin(Protocol):
    """What a registry holds: a name and an options class."""

    @property
    def name(self) -> str: ...

    @property
    def options(self) -> type[Any]: ...


P = TypeVar("P", bound=Plugin)


class Registry(Generic[P]):
    """Plugins by name: built-in, from the entry-point ``group``, and registered in-process."""

    def __init__(self, group: str, kind: type[P], what: str, builtins: Callable[[], Iterable[P]]) -> None:
        self.group, self.kind, self.what = group, kind, what
        self._builtins = builtins
        self._registered: dict[str, P] = {}
        self._found: dict[str, P] | None = None
        self._lock = threading.Lock()

    def all(self) -> Mapping[str, P]:
        """Every plugin by name: built-ins first, then entry points, then in-process registrations."""
        found = self._found
        if found is None:
            # Loaded without the lock: an entry point's module may itself ask for the plugins.
            found = self._discover()
            with self._lock:
                self._found = found
        with self._lock:
            return {**found, **self._registered}

    def _discover(self) -> dict[str, P]:
        found = {p.name: p for p in self._builtins()}
        if not _may_declare(self.group):
            return found
        import importlib.metadata

        for point in importlib.metadata.entry_points(group=self.group):
            plugin = self._load(point)
            if plugin.name in found:
                raise ValueError(
                    f"entry point {point.name!r} ({point.value}) in {self.group}: "
                    f"{self.what} {plugin.name!r} exists already"
                )
            found[plugin.name] = plugin
        return found

    def get(self, name: str) -> P:
        """The plugin called ``name``; :class:`UnknownDocumentTypeError` names the available ones."""
        plugins = self.all()
        if name not in plugins:
            raise UnknownDocumentTypeError(name, sorted(plugins), what=self.what)
        return plugins[name]

    def register(self, plugin: P, *, replace: bool = False) -> P:
        """Add ``plugin`` for this process; an existing name only with ``replace=True``."""
        if not isinstance(plugin, self.kind):
            raise TypeError(f"expected a {self.kind.__name__}, got {type(plugin).__name__}")
        if not replace and plugin.name in self.all():
            raise ValueError(f"{self.what} {plugin.name!r} exists already; pass replace=True to replace it")
        with self._lock:
            self._registered[plugin.name] = plugin
        return plugin

    def unregister(self, name: str) -> None:
        """Forget an in-process registration (for tests); built-ins and entry points stay."""
        with self._lock:
            self._registered.pop(name, None)

    def clear(self) -> None:
        """Read the entry points again on next use."""
        with self._lock:
            self._found = None

    def _load(self, point: importlib.metadata.EntryPoint) -> P:
        value = point.load()
        plugin = value if isinstance(value, self.kind) else value() if callable(value) else value
        if not isinstance(plugin, self.kind):
            raise TypeError(
                f"entry point {point.name!r} ({point.value}) in {self.group}: expected a "
                f"{self.kind.__name__} (or a function returning one), got {type(plugin).__name__}"
            )
        if plugin.name != point.name:
            raise ValueError(
                f"entry point {point.name!r} ({point.value}) in {self.group}: its {self.what} is "
                f"called {plugin.name!r}; name the entry point after it"
            )
        return plugin


def _may_declare(group: str) -> bool:
    """Whether an installed distribution may declare entry points in ``group``: False only when
    every place importlib.metadata finds distributions in (the folders on ``sys.path``: their
    ``*.dist-info`` and ``*.egg-info``) was read and no ``entry_points.txt`` there names the group.
    Then a process without plugins need not load importlib.metadata (and the e-mail parser it
    reads metadata with) nor parse every distribution's entry points: ~30 ms of a CLI run. Where
    the answer is not certain (another distribution finder, a zip or egg on the path), True."""
    finders = (f for f in sys.meta_path if getattr(f, "find_distributions", None) is not None)
    if any(f is not importlib.machinery.PathFinder for f in finders):
        return True
    needle = group.encode()
    for root in sys.path:
        if not isinstance(root, str) or root.lower().endswith(".egg"):
            return True
        try:
            # os.scandir, not Path.iterdir: a Path per child would cost 5 ms for a thousand of them
            with os.scandir(root or ".") as entries:
                infos = [e.path for e in entries if e.name.lower().endswith((".dist-info", ".egg-info"))]
        except NotADirectoryError:
            return True  # a zip file on the path: importlib.metadata looks into it
        except OSError:
            continue  # importlib.metadata skips it too
        for info in infos:
            try:
                if needle in Path(info, "entry_points.txt").read_bytes():
                    return True
            except OSError:
                continue  # none (or an .egg-info file): no entry points
    return False


Opts = TypeVar("Opts")


def option_names(cls: type[Any]) -> tuple[str, ...]:
    """The options an options class takes, in declaration order."""
    return tuple(a.name for a in attrs.fields(cls))


def make_options(cls: type[Opts], options: Opts | None, given: Mapping[str, Any]) -> Opts:
    """``options`` as given, or an instance of ``cls`` from the keyword arguments ``given``.

    An unknown name raises :class:`OptionError` naming it and the options there are; a value of the
    wrong kind, the option's own validator's :class:`OptionError`.
    """
    if options is not None:
        if given:
            raise TypeError("give the options as options=... or as keyword arguments, not both")
        if not isinstance(options, cls):
            raise OptionError("options", f"a {cls.__name__}", type(options).__name__)
        return options
    names = option_names(cls)
    for name in given:
        if name not in names:
            expected = f"one of {', '.join(names)}" if names else "no options"
            raise OptionError(name, expected, "an unknown option")
    return cls(**given)


def one_of(*values: object) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: the value is one of ``values``."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in values:
            raise OptionError(attribute.name, " or ".join(repr(v) for v in values), repr(value))

    return check


def instance_of(
    types: type[Any] | tuple[type[Any], ...], expected: str, *, optional: bool = False
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: the value is an instance of ``types`` (or None when ``optional``)."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not (isinstance(value, types) or (optional and value is None)):
            raise OptionError(attribute.name, expected, type(value).__name__)

    return check
