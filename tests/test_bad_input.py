"""Bad input gets one clear line naming the file, never a traceback; the CLI exits 2."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE

from studyapp.errors import InputError
from studyapp.takeaways import read_set

GOOD = SAMPLE.read_text(encoding="utf-8")


def fails_with(path, fragment: str) -> str:
    with pytest.raises(InputError) as info:
        read_set(path)
    message = str(info.value)
    assert message.startswith(str(path)) and fragment in message and "\n" not in message
    return message


def test_empty_file(write):
    fails_with(write("empty.txt", b""), "file is empty")
    fails_with(write("blank.md", b"  \n\n\t\n"), "file is empty")


def test_binary_file(write):
    fails_with(write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary file")


def test_undecodable_bytes(write):
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8 here
    fails_with(write("weird.txt", b"Title\n\nKey Takeaways\n- caf\x81 \x8d\n"), "cannot be decoded")


def test_utf8_bom(write):
    ts = read_set(write("bom.txt", codecs.BOM_UTF8 + GOOD.encode("utf-8")))
    assert ts.title.startswith("Alex Wang on Leaving Scale") and len(ts.takeaways) == 39
    assert ts.warnings == []


def test_utf16_with_bom(write):
    ts = read_set(write("utf16.txt", GOOD.encode("utf-16")))
    assert len(ts.takeaways) == 39 and ts.warnings[0] == "read as UTF-16"


def test_cp1252_is_used_and_said(write):
    text = "Caf\xe9 Notes \u2013 Fran\xe7ois\n\nKey Takeaways\n\n\u2022 Fran\xe7ois prefers \u201cslow\u201d coffee.\n"
    ts = read_set(write("old.txt", text.encode("cp1252")))
    assert ts.title == "Café Notes – François"
    assert ts.takeaways[0].full_text == "François prefers “slow” coffee."
    assert ts.warnings[0] == "read as cp1252"


def test_no_takeaways_or_sections(write):
    fails_with(write("prose.txt", "Just a Title\n\nA paragraph of ordinary prose.\n"), "no takeaways or summary")


def test_missing_file(tmp_path):
    fails_with(tmp_path / "nope.md", "no such file")


def test_folder(tmp_path):
    fails_with(tmp_path, "is a folder")


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studyapp", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=60)


@pytest.mark.parametrize("content,fragment", [
    (b"", "file is empty"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"version: 1\ntitle: [unclosed\n", "invalid YAML"),
    (b"Only a title\n", "no takeaways or summary sections found"),
])
def test_cli_bad_input_exit_2_one_line(write, content, fragment):
    path = write("bad.yaml" if b"version" in content else "bad.txt", content)
    for command in ("inspect", "convert"):
        result = run_cli(command, str(path))
        assert result.returncode == 2
        err = result.stderr.decode()
        assert err.count("\n") == 1 and str(path) in err and fragment in err
        assert "Traceback" not in err and result.stdout == b""


def test_cli_usage_error_is_exit_2():
    result = run_cli("inspect")
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()
