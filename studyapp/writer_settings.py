"""Which card writer makes a post's cards, and how to reach a language model if that is the one.

The settings live in the collection beside the others (their defaults are merged into `DEFAULT_SETTINGS`); the API
key never does: it is kept in the system keyring (`keyring`), or read from $STUDYAPP_MODEL_API_KEY for scripts.
This module imports nothing heavy: the collection imports it at start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

WRITERS = ("builtin", "model")
DEFAULT_ENDPOINT = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible API
DEFAULT_MODEL = "llama3.1"
KEYRING_SERVICE = "StudyApp model endpoint"
API_KEY_ENV = "STUDYAPP_MODEL_API_KEY"
ENABLE_HINT = "pip install -e \".[model]\" (or pip install \"studyapp[model]\")"

WRITER_DEFAULTS: dict[str, Any] = {
    "card_writer": "builtin",  # builtin | model
    "model_endpoint": DEFAULT_ENDPOINT,
    "model_name": DEFAULT_MODEL,
    "model_timeout": 120,  # seconds for one request
    # The one endpoint off this machine the user has agreed to send posts to ("" = none).
    "model_remote_approved": "",
}


@dataclass
class WriterSettings:
    writer: str = "builtin"
    endpoint: str = DEFAULT_ENDPOINT
    model: str = DEFAULT_MODEL
    timeout: float = 120.0
    remote_approved: bool = False  # the user said yes to sending posts to this (non-local) endpoint
    api_key: str | None = field(default=None, repr=False)  # never in a repr, a message or a log

    @property
    def local(self) -> bool:
        return is_local(self.endpoint)

    def describe(self) -> str:
        return f"{self.model} at {self.endpoint}"


def check_writer_setting(key: str, value: Any) -> str | None:
    """Why `value` is not acceptable for the writer setting `key`, or None if it is (or `key` is not ours)."""
    if key == "card_writer" and value not in WRITERS:
        return "must be builtin or model"
    if key == "model_endpoint" and endpoint_problem(value):
        return endpoint_problem(value)
    if key == "model_name" and not (isinstance(value, str) and value.strip() and len(value) <= 200):
        return "must be a model name such as llama3.1"
    if key == "model_timeout" and not (isinstance(value, (int, float)) and 1 <= value <= 3600):
        return "must be 1 to 3600 seconds"
    if key == "model_remote_approved" and not isinstance(value, str):
        return "must be an endpoint address or empty"
    return None


def endpoint_problem(value: Any) -> str | None:
    from urllib.parse import urlsplit
    if not isinstance(value, str):
        return "must be an address like http://localhost:11434/v1"
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not an http(s) address like http://localhost:11434/v1"
    return None


def normalise_endpoint(value: str) -> str:
    return value.strip().rstrip("/")


def is_local(endpoint: str) -> bool:
    """Whether the endpoint is on this machine (loopback), so a post sent there never leaves it."""
    import ipaddress
    from urllib.parse import urlsplit
    host = (urlsplit(endpoint.strip()).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def from_settings(settings: dict[str, Any], *, writer: str | None = None, endpoint: str | None = None,
                  model: str | None = None, timeout: float | None = None) -> WriterSettings:
    """The collection's settings, overridden by whatever the command line gave (None = not given)."""
    s = {**WRITER_DEFAULTS, **settings}
    ws = WriterSettings(writer=writer or s["card_writer"],
                        endpoint=normalise_endpoint(endpoint or s["model_endpoint"]),
                        model=(model or s["model_name"]).strip(),
                        timeout=float(timeout or s["model_timeout"]))
    ws.remote_approved = bool(s["model_remote_approved"]) and \
        normalise_endpoint(s["model_remote_approved"]) == ws.endpoint
    return ws


def model_extra_missing() -> str | None:
    """None when the model writer's packages are installed; else a line saying how to install them."""
    import importlib.util
    missing = []
    for name in ("httpx", "jsonschema"):
        try:  # found without importing it: the Settings dialog asks this on the UI thread
            found = importlib.util.find_spec(name) is not None
        except ValueError:  # in sys.modules as None: blocked on purpose
            found = False
        if not found:
            missing.append(name)
    if not missing:
        return None
    return f"the model writer needs {' and '.join(missing)}: {ENABLE_HINT}"


# --- the API key ---------------------------------------------------------------------------------------------------

def _keyring():
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def api_key_for(endpoint: str) -> str | None:
    """The endpoint's key: $STUDYAPP_MODEL_API_KEY if set, else the system keyring's entry for the endpoint."""
    env = os.environ.get(API_KEY_ENV)
    if env:
        return env
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(KEYRING_SERVICE, normalise_endpoint(endpoint))
    except Exception:  # no usable keyring backend (a headless machine): as if no key were stored
        return None


def store_api_key(endpoint: str, key: str | None) -> None:
    """Keep (or, with an empty key, forget) the endpoint's key in the system keyring; never anywhere else."""
    from .errors import StudyAppError
    kr = _keyring()
    if kr is None:
        raise StudyAppError(f"keeping an API key needs the keyring package: {ENABLE_HINT}")
    try:
        if key:
            kr.set_password(KEYRING_SERVICE, normalise_endpoint(endpoint), key)
        else:
            try:
                kr.delete_password(KEYRING_SERVICE, normalise_endpoint(endpoint))
            except kr.errors.PasswordDeleteError:
                pass
    except kr.errors.KeyringError as exc:
        raise StudyAppError(f"the system keyring cannot store the key ({type(exc).__name__}); "
                            f"set {API_KEY_ENV} instead") from None
