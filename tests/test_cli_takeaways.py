"""`studyapp convert` and `studyapp inspect`, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import BUNDLED, ROOT, SAMPLE


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyapp", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=60)


def test_convert_to_stdout_matches_bundled_deck():
    result = run("convert", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == BUNDLED.read_text(encoding="utf-8")


def test_convert_to_file_and_from_stdin(tmp_path):
    out = tmp_path / "out set.yaml"
    result = run("convert", "-", "-o", str(out), stdin=SAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == BUNDLED.read_text(encoding="utf-8")


def test_inspect_json_keys():
    result = run("inspect", str(SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("title", "takeaways", "sections", "tldw", "thoughts", "truncated", "warnings"):
        assert key in data
    assert len(data["takeaways"]) == 39 and len(data["sections"]) == 17 and len(data["thoughts"]) == 5
    assert data["truncated"] is False and data["warnings"] == []
    assert data["tldw"].startswith("Wang explains")


def test_inspect_text_report():
    result = run("inspect", str(BUNDLED))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "Takeaways:  39" in out and "Sections:   17" in out and "Truncated:  no" in out


def test_inspect_warns_about_truncation(tmp_path):
    cut = SAMPLE.read_text(encoding="utf-8").split("Detailed Summary")[0] + "Detailed Summary\n\nHow MSL Is"
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    data = json.loads(run("inspect", str(path), "--json").stdout)
    assert data["truncated"] is True
    assert any("truncated" in w for w in data["warnings"])
    assert len(data["takeaways"]) == 39
