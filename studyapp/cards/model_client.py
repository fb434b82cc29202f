"""One request to an OpenAI-compatible /chat/completions endpoint (httpx), every failure as a one-line `ModelError`.

The request runs on a thread of its own while the caller's thread waits on it in short steps, so Cancel is heard at
once even in the middle of a long generation (the abandoned request ends by itself at its timeout; nothing waits
for it). The API key goes in the Authorization header and nowhere else: no message here ever includes it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..writer_settings import WriterSettings


class ModelError(Exception):
    """The endpoint gave no usable answer. `str()` is one line; `stop` says whether more requests are pointless
    (the server is down, slow or refusing us), as opposed to one bad answer."""

    def __init__(self, message: str, *, stop: bool = False) -> None:
        super().__init__(message)
        self.stop = stop


class SchemaUnsupported(ModelError):
    """HTTP 400 about `response_format`: a server without JSON-schema output (it may still do plain JSON mode)."""


class Cancelled(Exception):
    """The user pressed Cancel."""


@dataclass
class Reply:
    content: str
    finish_reason: str | None
    refusal: str | None


def chat(ws: WriterSettings, body: dict[str, Any], cancel: threading.Event | None = None,
         count: Callable[[], None] | None = None) -> Reply:
    """POST the body; return the first choice's message, or raise ModelError / Cancelled. `count` is called for
    each request sent (two when a server refuses the JSON schema and is asked again in plain JSON mode)."""
    if cancel is None:
        return _exchange(ws, body, count)
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["reply"] = _exchange(ws, body, count)
        except BaseException as exc:  # noqa: BLE001 (handed over to the waiting thread as is)
            box["error"] = exc
    worker = threading.Thread(target=run, name="model-request", daemon=True)
    worker.start()
    while worker.is_alive():
        if cancel.wait(0.1):
            raise Cancelled()
        worker.join(0.0)
    if "error" in box:
        raise box["error"]
    return box["reply"]


def _exchange(ws: WriterSettings, body: dict[str, Any], count: Callable[[], None] | None) -> Reply:
    if count:
        count()
    try:
        return _post(ws, body)
    except SchemaUnsupported:
        if count:
            count()
        # The prompt spells out the shape, and the answer is validated here either way.
        return _post(ws, {**body, "response_format": {"type": "json_object"}})


def _post(ws: WriterSettings, body: dict[str, Any]) -> Reply:
    import httpx
    url = f"{ws.endpoint}/chat/completions"
    headers = {"Authorization": f"Bearer {ws.api_key}"} if ws.api_key else {}
    where = ws.endpoint
    try:
        with httpx.Client(timeout=httpx.Timeout(ws.timeout, connect=min(10.0, ws.timeout))) as client:
            response = client.post(url, json=body, headers=headers)
    except httpx.TimeoutException:
        raise ModelError(f"no answer from {where} within {ws.timeout:g} s (timeout)", stop=True) from None
    except httpx.HTTPError as exc:
        raise ModelError(f"cannot reach {where} ({_reason(exc)}); is the model server running?", stop=True) from None
    status = response.status_code
    if status == 429:
        raise ModelError(f"{where} is limiting requests (HTTP 429); try again later", stop=True)
    if status >= 500:
        raise ModelError(f"{where} failed (HTTP {status}{_server_says(response)})", stop=True)
    if status == 400 and body.get("response_format", {}).get("type") == "json_schema" and \
            re.search(r"response_format|json_schema|schema", _server_says(response), re.I):
        raise SchemaUnsupported(f"{where} does not take a JSON schema (HTTP 400)", stop=True)
    if status >= 400:
        raise ModelError(f"{where} rejected the request (HTTP {status}{_server_says(response)})", stop=True)
    try:
        data = response.json()
        choice = data["choices"][0]
        message = choice["message"]
        content = message.get("content") or ""
        if not isinstance(content, str):
            raise TypeError("content is not text")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ModelError(f"{where} did not answer like an OpenAI-compatible chat endpoint", stop=True) from None
    refusal = message.get("refusal")
    return Reply(content=content, finish_reason=choice.get("finish_reason"),
                 refusal=refusal if isinstance(refusal, str) and refusal.strip() else None)


def _reason(exc: Exception) -> str:
    text = re.sub(r"\[Errno -?\d+\]\s*", "", " ".join(str(exc).split())).strip() or type(exc).__name__
    return text[:120]


def _server_says(response) -> str:
    """The server's own error message, shortened: "model 'x' not found" is the most useful line we can show."""
    try:
        data = response.json()
        err = data.get("error") if isinstance(data, dict) else None
        text = err.get("message") if isinstance(err, dict) else err
    except ValueError:
        text = response.text
    text = " ".join(str(text or "").split())[:160]
    return f": {text}" if text else ""
