import sys

import pytest

from litevidence.registry import Registry


def test_lazy_entries_are_listed_without_import_and_loaded_on_first_use(monkeypatch):
    monkeypatch.delitem(sys.modules, "fractions", raising=False)
    reg: Registry = Registry("number")
    reg.register_lazy("fraction", "fractions:Fraction")
    reg.register_lazy("half", "fractions:Fraction", denominator=2)
    reg.register("int")(int)
    assert reg.names() == ["fraction", "half", "int"]
    assert "fractions" not in sys.modules
    assert reg.create("half", numerator=3) == reg.create("fraction", numerator=3, denominator=2)
    assert "fractions" in sys.modules


def test_unknown_and_repeated_names_are_errors():
    reg: Registry = Registry("number")
    reg.register_lazy("fraction", "fractions:Fraction")
    with pytest.raises(KeyError, match="unknown number 'float'; choose one of: fraction"):
        reg.get("float")
    with pytest.raises(ValueError, match="already registered"):
        reg.register("fraction")(float)
    with pytest.raises(ValueError, match="package.module:attribute"):
        reg.register_lazy("decimal", "decimal.Decimal")
