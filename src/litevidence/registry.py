"""A name → factory registry: built-ins register exactly like plug-ins."""
from __future__ import annotations

import functools
import importlib
import sys
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named factories of one kind (embedding backends, readers, ...).

    A factory may be registered by its import path (``register_lazy``), so that listing the names
    (for a command's ``--help`` or ``choices``) imports nothing heavy; the module is imported on ``get``.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T] | tuple[str, dict[str, Any]]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator that adds a factory under ``name``."""

        def add(factory: Callable[..., T]) -> Callable[..., T]:
            self._add(name, factory)
            return factory

        return add

    def register_lazy(self, name: str, target: str, **defaults: Any) -> None:
        """Add ``target`` ("package.module:attribute") under ``name``, imported only when first used.

        ``defaults`` are keyword arguments the factory is always called with (a variant of one class).
        """
        if ":" not in target:
            raise ValueError(f"{self.kind} {name!r}: target {target!r} is not 'package.module:attribute'")
        self._add(name, (target, defaults))

    def _add(self, name: str, factory: Callable[..., T] | tuple[str, dict[str, Any]]) -> None:
        if name in self._factories:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._factories[name] = factory

    def names(self) -> list[str]:
        """The registered names, sorted; imports nothing."""
        return sorted(self._factories)

    def get(self, name: str) -> Callable[..., T]:
        """The factory (or function) registered as ``name``; an unknown name lists the valid ones."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise KeyError(f"unknown {self.kind} {name!r}; choose one of: {', '.join(self.names())}") from None
        if isinstance(factory, tuple):
            (module, attribute), defaults = factory[0].split(":", 1), factory[1]
            resolved = getattr(importlib.import_module(module), attribute)
            factory = functools.partial(resolved, **defaults) if defaults else resolved
            self._factories[name] = factory
        return factory

    def create(self, name: str, **kwargs) -> T:
        """Build the variant called ``name``."""
        return self.get(name)(**kwargs)


def lazy_attributes(package: str, origins: dict[str, str]) -> Callable[[str], Any]:
    """A package's module ``__getattr__`` (PEP 562) that imports each public name from its submodule
    (``origins``: name → relative module) on first use, so importing the package loads nothing heavy."""
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:
        if name in origins:
            value = getattr(importlib.import_module(origins[name], package), name)
            setattr(module, name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
