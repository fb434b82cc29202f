"""The model card writer against a real HTTP server on 127.0.0.1 answering like an OpenAI-compatible endpoint.

Every failure the issue names (down, timeout, 429/5xx, malformed or truncated JSON, refusal, wrong language) must
give exactly the built-in writer's cards for what is missing, one note line, and exit code 0.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time

import pytest
from werkzeug import Request, Response

from studyapp.cards.check import card_problems
from studyapp.cards.generate import all_cards, generate
from studyapp.cards.model_cache import CardCache
from studyapp.cards.model_prompt import SCHEMA, parts_of
from studyapp.cards.writers import write_cards
from studyapp.cli import main
from studyapp.takeaways import read_set
from studyapp.writer_settings import WriterSettings

from model_server import (PATH, POST, asked_parts, by_part_text, recorded, recorded_by_text, recorded_cards,
                          use_memory_keyring)


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test: its own collection, model-card cache and (empty, in-memory) keyring; no API key from the
    environment."""
    monkeypatch.setenv("STUDYAPP_COLLECTION", str(tmp_path / "collection.sqlite"))
    monkeypatch.setenv("STUDYAPP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("STUDYAPP_MODEL_API_KEY", raising=False)
    memory, restore = use_memory_keyring()
    yield memory
    restore()


def endpoint(httpserver) -> str:
    return httpserver.url_for("/v1")


def run_cards(capsys, *args: str) -> tuple[int, list[dict], list[str]]:
    code = main(["cards", str(POST), "--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else []), [line for line in err.splitlines() if line]


def builtin_json() -> list[dict]:
    return [c.to_json() for c in all_cards(generate(read_set(POST)))]


def test_cards_from_the_model_are_checked_and_marked(httpserver, capsys):
    httpserver.expect_request(PATH, method="POST").respond_with_json(recorded("ok.json"))
    code, cards, err = run_cards(capsys, "--writer", "model", "--endpoint", endpoint(httpserver), "--model", "qwen2.5")
    assert code == 0
    prompts = {c["prompt"]: c for c in cards}
    assert set(prompts) == {c["prompt"] for c in recorded_cards()}  # every recorded card passed the checks
    gross = prompts["Meta Compute under [...] plans GPUs and data centers years ahead."]
    assert gross["answer"] == "Daniel Gross" and gross["kind"] == "cloze"
    assert sorted(gross["choices"]) == sorted(["Daniel Gross", "Nat Friedman", "Alex Wang", "Elon Musk"])
    assert prompts["Who leads PAR (Product and Applied Research) at Meta?"]["kind"] == "label"
    assert prompts["MuseSpark reaches results similar to rival models on [...] while spending far fewer tokens."][
        "source"]["section"] == "Token Efficiency Was the Surprise"
    assert err == ["note: cards from qwen2.5 at " + endpoint(httpserver) +
                   " for 5 of 5 parts of the post (0 from the cache, 1 request(s))"]
    (request, _), = httpserver.log
    body = request.get_json()
    assert body["model"] == "qwen2.5" and body["temperature"] == 0
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert len(asked_parts(request)) == 5 and "Authorization" not in request.headers


def test_the_cards_pass_the_built_in_checker_and_have_stable_ids(httpserver):
    httpserver.expect_request(PATH).respond_with_json(recorded("fenced.json"))  # a Markdown fence is tolerated
    ts = read_set(POST)
    ws = WriterSettings(writer="model", endpoint=endpoint(httpserver))
    first = write_cards(ts, ws)
    assert first.report.from_model == 5 and first.report.fallback == 0
    for card in all_cards(first.notes):
        assert card_problems(card) == []
    again = write_cards(read_set(POST), ws)  # from the cache: the same notes, the same ids
    assert [(n.id, [c.id for c in n.cards]) for n in again.notes] == \
        [(n.id, [c.id for c in n.cards]) for n in first.notes]
    assert len(httpserver.log) == 1 and again.report.from_cache == 5
    cloze = next(n for n in first.notes if n.kind == "cloze" and "Daniel Gross" in n.extra)
    assert "{{c1::Daniel Gross}}" in cloze.text  # Anki markup over the takeaway itself


def closed_port_endpoint() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def slow(request: Request) -> Response:
    time.sleep(1.5)
    return Response(json.dumps(recorded("ok.json")), content_type="application/json")


FAILURES = {
    "down": (None, "cannot reach"),
    "timeout": (slow, "timeout"),
    "429": (Response(json.dumps({"error": {"message": "rate limit"}}), status=429), "HTTP 429"),
    "500": (Response("upstream crashed", status=500), "HTTP 500: upstream crashed"),
    "503": (Response(json.dumps({"error": "model is loading"}), status=503), "HTTP 503: model is loading"),
    "404-model": (Response(json.dumps({"error": {"message": "model 'nope' not found"}}), status=404),
                  "HTTP 404: model 'nope' not found"),
    "not-openai": (Response("<html>hello</html>", content_type="text/html"), "OpenAI-compatible"),
    "malformed": ("malformed.json", "not JSON"),
    "truncated": ("truncated.json", "truncated JSON"),
    "refusal": ("refusal.json", "refused"),
    "refusal-field": ("refusal_field.json", "refused"),
    "schema": ("schema.json", "not in the card schema"),
    "wrong-language": ("wrong_language.json", "another language than the post (de)"),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_every_failure_gives_the_built_in_cards_and_one_line(httpserver, capsys, failure):
    answer, words = FAILURES[failure]
    url = endpoint(httpserver)
    if answer is None:
        url = closed_port_endpoint()
    elif callable(answer) and not isinstance(answer, Response):
        httpserver.expect_request(PATH).respond_with_handler(answer)
    elif isinstance(answer, Response):
        httpserver.expect_request(PATH).respond_with_response(answer)
    else:
        httpserver.expect_request(PATH).respond_with_json(recorded(answer))
    code, cards, err = run_cards(capsys, "--writer", "model", "--endpoint", url, "--timeout", "1")
    assert code == 0
    assert cards == builtin_json()
    assert len(err) == 1 and err[0].startswith("note: built-in cards instead of the model's: ")
    assert words in err[0]
    deadline = time.monotonic() + 10
    while answer is slow and not httpserver.log and time.monotonic() < deadline:  # the slow answer ends in this test
        time.sleep(0.05)
    assert CardCache().get("anything") is None  # nothing half-written: the cache holds no part
    with sqlite3.connect(CardCache().path) as db:
        assert db.execute("SELECT COUNT(*) FROM parts").fetchone()[0] == 0


def test_a_server_without_json_schema_output_is_asked_again_in_json_mode(httpserver, capsys):
    def no_schema(request: Request) -> Response:
        if request.get_json()["response_format"]["type"] == "json_schema":
            return Response(json.dumps({"error": {"message": "response_format.type 'json_schema' is unsupported"}}),
                            status=400, content_type="application/json")
        return Response(json.dumps(recorded("ok.json")), content_type="application/json")
    httpserver.expect_request(PATH).respond_with_handler(no_schema)
    code, cards, err = run_cards(capsys, "--writer", "model", "--endpoint", endpoint(httpserver))
    assert code == 0 and {c["prompt"] for c in cards} == {c["prompt"] for c in recorded_cards()}
    assert [r.get_json()["response_format"] for r, _ in httpserver.log][1] == {"type": "json_object"}
    assert err == ["note: cards from llama3.1 at " + endpoint(httpserver) +
                   " for 5 of 5 parts of the post (0 from the cache, 2 request(s))"]


def test_cards_failing_the_checker_are_dropped_and_their_part_falls_back(httpserver):
    httpserver.expect_request(PATH).respond_with_json(recorded("partly_bad.json"))
    ts = read_set(POST)
    written = write_cards(ts, WriterSettings(writer="model", endpoint=endpoint(httpserver)))
    report = written.report
    assert report.dropped == 1 and report.fallback == 1 and report.from_model == 5
    takeaway2 = ts.takeaways[1].id
    assert [n for n in written.notes if n.ref == takeaway2] == [n for n in generate(ts) if n.ref == takeaway2]
    assert "Nat Friedman" not in {c.answer for n in written.notes if n.ref != takeaway2 for c in n.cards}
    lines = written.lines()
    assert lines[0].endswith("1 card(s) failed the checks and were dropped")
    assert lines[1] == "built-in cards for the other 1 part(s): for 1 the model wrote no card that passed the checks"


def test_an_essay_card_is_dropped_not_the_whole_reply(httpserver):
    from model_server import completion
    cards = recorded_cards() + [{"part": "P3", "kind": "question", "prompt": "What does Wang say about research?",
                                 "answer": "Research is the main activity. " * 8, "distractors": []}]
    httpserver.expect_request(PATH).respond_with_json(completion(cards))
    written = write_cards(read_set(POST), WriterSettings(writer="model", endpoint=endpoint(httpserver)))
    assert written.report.dropped == 1 and written.report.fallback == 0
    assert {c.prompt for c in all_cards(written.notes)} == {c["prompt"] for c in recorded_cards()}


def test_reimporting_an_unchanged_post_makes_no_model_call(httpserver, capsys, tmp_path):
    ts = read_set(POST)
    texts = [p.text for p in parts_of(ts)]
    httpserver.expect_request(PATH).respond_with_handler(by_part_text(recorded_by_text(texts)))
    args = ["import", str(POST), "--writer", "model", "--endpoint", endpoint(httpserver), "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr()[0])
    assert first["added"] > 0 and len(httpserver.log) == 1
    assert main(args) == 0
    second = json.loads(capsys.readouterr()[0])
    assert len(httpserver.log) == 1  # no model call
    assert second["added"] == second["updated"] == 0 and second["cards_added"] == second["cards_retired"] == 0
    assert second["unchanged"] == first["added"]
    assert second["writer"] == ["cards from llama3.1 at " + endpoint(httpserver) +
                                " for 5 of 5 parts of the post (5 from the cache, 0 request(s))"]
    # A typo fixed in one takeaway: the model is asked about that one only.
    edited = tmp_path / "post.md"
    edited.write_text(POST.read_text(encoding="utf-8").replace("years ahead", "years ahaed").replace(
        "years ahaed", "years in advance"), encoding="utf-8")
    assert main(["import", str(edited), "--writer", "model", "--endpoint", endpoint(httpserver), "--json"]) == 0
    third = json.loads(capsys.readouterr()[0])
    assert len(httpserver.log) == 2
    assert asked_parts(httpserver.log[1][0]) == [next(t for t in texts if "Daniel Gross" in t).replace(
        "years ahead", "years in advance")]
    assert third["added"] == 0 and third["retired"] == []


def test_switching_writers_keeps_the_history_of_the_same_fact(httpserver, capsys):
    from studyapp.collection import Collection
    ts = read_set(POST)
    assert main(["import", str(POST), "--writer", "builtin"]) == 0
    with Collection.open() as col:
        rows = col.conn.execute("SELECT c.id, c.answer, c.prompt, n.ref FROM cards c JOIN notes n ON n.id = c.note_id "
                                "WHERE c.kind = 'cloze' AND n.set_id = ? ORDER BY c.id", (ts.id,)).fetchall()
        kept = dict(rows[0])  # a built-in cloze; the model will ask the same fact in its own words
        col.answer(col.card(kept["id"]), 3)
        before = col.conn.execute("SELECT COUNT(*) FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.set_id = ?",
                                  (ts.id,)).fetchone()[0]
    part = next(p for p in parts_of(ts) if p.ref == kept["ref"])
    same_fact = {"part": "P1", "kind": "cloze", "prompt": kept["prompt"], "answer": kept["answer"],
                 "distractors": []}
    answers = recorded_by_text([p.text for p in parts_of(ts)])
    answers[part.text] = [same_fact]
    httpserver.expect_request(PATH).respond_with_handler(by_part_text(answers))
    capsys.readouterr()
    assert main(["import", str(POST), "--writer", "model", "--endpoint", endpoint(httpserver), "--json"]) == 0
    report = json.loads(capsys.readouterr()[0])
    with Collection.open() as col:
        row = col.conn.execute("SELECT reps, retired FROM cards WHERE id = ?", (kept["id"],)).fetchone()
        assert (row["reps"], row["retired"]) == (1, 0)  # the same fact: the same card, its review kept
        assert col.conn.execute("SELECT COUNT(*) FROM revlog WHERE card_id = ?", (kept["id"],)).fetchone()[0] == 1
        deck = col.deck_id(ts.title)
        total = col.conn.execute("SELECT COUNT(*) FROM cards WHERE deck_id = ?", (deck,)).fetchone()[0]
        retired = col.conn.execute("SELECT COUNT(*) FROM cards WHERE retired = 1 AND deck_id = ?",
                                   (deck,)).fetchone()[0]
    assert report["cards_retired"] == retired > 0  # the built-in cards the model did not repeat: retired, not deleted
    assert total >= before


def test_an_endpoint_off_this_machine_needs_a_yes(httpserver, capsys):
    code = main(["cards", str(POST), "--writer", "model", "--endpoint", "https://api.example.org/v1"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == ("studyapp: https://api.example.org/v1 is not on this machine: the post's text would leave "
                           "it; add --allow-remote to agree")


def test_allow_remote_is_the_yes(capsys):
    # 192.0.2.1 is TEST-NET-1 (documentation only): off this machine, and nothing answers there.
    code, cards, err = run_cards(capsys, "--writer", "model", "--endpoint", "http://192.0.2.1:9/v1", "--allow-remote",
                                 "--timeout", "1")
    assert code == 0 and cards == builtin_json()
    assert len(err) == 1 and err[0].startswith("note: built-in cards instead of the model's: ")
    assert "http://192.0.2.1:9/v1" in err[0]


def test_cancel_stops_at_once_with_the_built_in_cards(httpserver):
    httpserver.expect_request(PATH).respond_with_handler(slow)
    ts = read_set(POST)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    written = write_cards(ts, WriterSettings(writer="model", endpoint=endpoint(httpserver), timeout=30), cancel=cancel)
    assert written.lines() == ["built-in cards instead of the model's: cancelled"]
    assert [c.id for c in all_cards(written.notes)] == [c.id for c in all_cards(generate(ts))]
    assert httpserver.log == []  # the writer did not wait for the answer still being written
    deadline = time.monotonic() + 10
    while not httpserver.log and time.monotonic() < deadline:  # let the abandoned request end inside this test
        time.sleep(0.05)


def test_the_api_key_is_sent_from_the_keyring_and_never_stored(httpserver, capsys, isolated):
    from studyapp.collection import Collection
    from studyapp.collection.paths import default_collection_path
    from studyapp.writer_settings import store_api_key
    store_api_key(endpoint(httpserver), "sk-test-4242")
    assert list(isolated.store.values()) == ["sk-test-4242"]
    with Collection.open() as col:
        col.set_settings(card_writer="model", model_endpoint=endpoint(httpserver), model_name="gpt-test")
    httpserver.expect_request(PATH, headers={"Authorization": "Bearer sk-test-4242"}).respond_with_json(
        recorded("ok.json"))
    assert main(["import", str(POST)]) == 0  # writer, endpoint and model from the settings
    assert len(httpserver.log) == 1 and httpserver.log[0][1].status_code == 200
    assert httpserver.log[0][0].get_json()["model"] == "gpt-test"
    out, err = capsys.readouterr()
    assert "sk-test" not in out + err
    from studyapp.writer_settings import WriterSettings as WS
    assert "sk-test" not in repr(WS(writer="model", api_key="sk-test-4242"))
    with Collection.open() as col:
        col.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"sk-test-4242" not in default_collection_path().read_bytes()


def test_without_the_model_extra_the_app_says_how_to_enable_it(tmp_path):
    import subprocess
    import sys
    code = ("import sys; sys.modules['httpx'] = None; from studyapp.cli import main; "
            f"sys.exit(main(['cards', {str(POST)!r}, '--writer', 'model']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0
    assert run.stderr.strip() == 'note: built-in cards: the model writer needs httpx: pip install -e ".[model]" ' \
                                 '(or pip install "studyapp[model]")'
    assert "cards" in run.stdout


def test_writer_settings_are_validated():
    from studyapp.collection import Collection
    from studyapp.errors import StudyAppError
    from studyapp.writer_settings import is_local
    with Collection.open() as col:
        with pytest.raises(StudyAppError, match="model_endpoint"):
            col.set_settings(model_endpoint="ftp://example.org")
        with pytest.raises(StudyAppError, match="card_writer"):
            col.set_settings(card_writer="gpt")
        col.set_settings(card_writer="model", model_timeout=30)
        assert col.settings()["card_writer"] == "model"
    assert is_local("http://localhost:11434/v1") and is_local("http://127.0.0.1:8080/v1") and \
        is_local("http://[::1]:8000/v1")
    assert not is_local("https://api.openai.com/v1") and not is_local("http://192.168.1.20:11434/v1")


def test_the_docs_show_the_prompt_the_schema_and_the_exchange_as_they_are():
    from conftest import ROOT

    from studyapp.cards.model_prompt import SYSTEM_PROMPT, request_body
    doc = (ROOT / "docs" / "card-generation.md").read_text(encoding="utf-8")
    assert f"```text\n{SYSTEM_PROMPT}\n```" in doc
    assert f"```json\n{json.dumps(SCHEMA, indent=2)}\n```" in doc
    ts = read_set(POST)
    assert f"```text\n{request_body('llama3.1', ts, parts_of(ts))['messages'][1]['content']}\n```" in doc
    content = json.loads(recorded("ok.json")["choices"][0]["message"]["content"])
    assert f"```json\n{json.dumps(content, ensure_ascii=False, indent=1)}\n```" in doc


def test_model_cards_export_to_anki_one_card_each(httpserver, tmp_path):
    """The cloze notes' Anki markup has a deletion for every card, also for an answer the model reworded."""
    anki_collection = pytest.importorskip("anki.collection")
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from model_server import completion
    from studyapp.anki.exporter import export_apkg
    from studyapp.collection import Collection
    cards = recorded_cards()
    cards[-1] = {**cards[-1], "answer": "9 months"}  # the post says "nine months": not in the text as written
    httpserver.expect_request(PATH).respond_with_json(completion(cards))
    ts = read_set(POST)
    written = write_cards(ts, WriterSettings(writer="model", endpoint=endpoint(httpserver)))
    tldw = next(n for n in written.notes if n.ref == "tldw")
    assert tldw.text.endswith("MSL rebuilt its pre-training stack in {{c1::9 months}}.")
    with Collection.open(tmp_path / "ours.sqlite", bundled=False, autobackup=False) as col:
        col.import_set(ts, notes=written.notes)
        result = export_apkg(col, tmp_path / "model.apkg")
    assert result.cards == len(all_cards(written.notes)) == len(cards)
    anki = anki_collection.Collection(str(tmp_path / "anki.anki2"))
    try:
        log = anki.import_anki_package(ImportAnkiPackageRequest(package_path=str(result.path),
                                                                options=ImportAnkiPackageOptions())).log
        assert len(log.new) == result.notes and not (log.conflicting or log.empty_first_field)
        assert anki.card_count() == result.cards
        assert anki.db.scalar("SELECT COUNT(*) FROM notes WHERE id NOT IN (SELECT nid FROM cards)") == 0
    finally:
        anki.close()
