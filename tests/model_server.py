"""Helpers for the model writer's tests: a real HTTP server on 127.0.0.1 (pytest-httpserver) answering like an
OpenAI-compatible /v1/chat/completions endpoint, with responses recorded in tests/fixtures/model/."""

from __future__ import annotations

import json
import re
from pathlib import Path

from werkzeug import Request, Response

MODEL_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "model"
POST = MODEL_FIXTURES / "post.md"
PATH = "/v1/chat/completions"
PART_RE = re.compile(r"^P(\d+) \([^)]*\): (.*)$", re.M)


def recorded(name: str) -> dict:
    return json.loads((MODEL_FIXTURES / name).read_text(encoding="utf-8"))


def recorded_cards() -> list[dict]:
    return json.loads(recorded("ok.json")["choices"][0]["message"]["content"])["cards"]


def asked_parts(request: Request) -> list[str]:
    """The texts of the parts a request asked about, in order (P1, P2, ...)."""
    user = request.get_json()["messages"][1]["content"]
    return [m.group(2) for m in PART_RE.finditer(user)]


def completion(cards: list[dict]) -> dict:
    body = recorded("ok.json")
    body["choices"][0]["message"]["content"] = json.dumps({"cards": cards}, ensure_ascii=False)
    return body


def by_part_text(answers: dict[str, list[dict]]):
    """A handler answering each asked part with the cards recorded for the part whose text starts the same way
    (its first 25 characters), renumbered to the part's number in this request: a model that is consistent."""
    def handler(request: Request) -> Response:
        cards = []
        for n, text in enumerate(asked_parts(request), start=1):
            for start, part_cards in answers.items():
                if text[:25] == start[:25]:
                    cards += [{**c, "part": f"P{n}"} for c in part_cards]
        return Response(json.dumps(completion(cards)), content_type="application/json")
    return handler


def recorded_by_text(post_parts: list[str]) -> dict[str, list[dict]]:
    """ok.json's cards keyed by the text of the part (of the fixture post) each was written for."""
    out: dict[str, list[dict]] = {text: [] for text in post_parts}
    for card in recorded_cards():
        out[post_parts[int(card["part"][1:]) - 1]].append(card)
    return out


class MemoryKeyring:
    """Builds a keyring backend that keeps passwords in a dict: the system keyring's stand-in, so tests never
    read or write the user's (keyring.set_keyring accepts any KeyringBackend)."""

    def __new__(cls):
        from keyring.backend import KeyringBackend

        class _Memory(KeyringBackend):
            priority = 1

            def __init__(self) -> None:
                super().__init__()
                self.store: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[service, username] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)
        return _Memory()


def use_memory_keyring():
    """Install an empty in-memory keyring; returns (it, a function restoring the previous one)."""
    import keyring
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    return memory, lambda: keyring.set_keyring(previous)
