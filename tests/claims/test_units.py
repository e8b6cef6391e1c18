"""Unit conversion: pint's factors kept in a per-user file, so a process whose units were seen before never imports pint."""
import json
import os
import subprocess
import sys

PROBE = """
import sys
from litevidence.claims.units import factor_file, normalise
print(repr(normalise(1.287, "MWh", "energy")), repr(normalise(3.0, "t", "emissions")), repr(normalise(1.0, "kWh", "water")),
      "pint" in sys.modules, factor_file().name)
"""


def _probe(cache):
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_factors_seen_before_are_read_without_pint(tmp_path):
    first = _probe(tmp_path)
    assert first[:4] == ["1287.0", "3000.0", "None", "True"]  # MWh → kWh, t → kg; kWh is no volume of water
    second = _probe(tmp_path)
    assert second[:3] == first[:3] and second[3] == "False"  # same values, pint never imported
    stored = json.loads((tmp_path / "litevidence" / first[4]).read_text(encoding="utf-8"))
    assert stored["MWh\tkilowatt_hour"] == 1000.0 and None in stored.values()


def test_a_damaged_factor_file_is_passed_over(tmp_path):
    name = _probe(tmp_path)[4]
    for damage in ("{not json", json.dumps({"MWh\tkilowatt_hour": "1000"}), json.dumps(["MWh"])):
        (tmp_path / "litevidence" / name).write_text(damage, encoding="utf-8")
        assert _probe(tmp_path)[:4] == ["1287.0", "3000.0", "None", "True"]  # pint asked again, file rewritten
        assert json.loads((tmp_path / "litevidence" / name).read_text(encoding="utf-8"))["MWh\tkilowatt_hour"] == 1000.0
