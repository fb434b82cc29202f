"""The model writer's own cost, without a model: what a re-import with a warm cache adds to the built-in writer.

A stand-in endpoint on 127.0.0.1 (the standard library's HTTP server) answers every part with the built-in writer's
own cards in the model's JSON schema, so the cache fills with realistic cards. Then, in the same run, the median of:
the built-in writer alone, and the model writer with every part in the cache (no request: cache reads, validation,
the checker, note assembly, and the built-in writer for parts without a card). Prints JSON.

    python bench/model_writer_bench.py [--post tests/fixtures/pjfp-alex-wang-msl.txt] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["STUDYAPP_CACHE"] = tempfile.mkdtemp(prefix="studyapp-bench-cache-")

from studyapp.cards.generate import generate  # noqa: E402
from studyapp.cards.writers import write_cards  # noqa: E402
from studyapp.takeaways import read_set  # noqa: E402
from studyapp.writer_settings import WriterSettings  # noqa: E402

PART_RE = re.compile(r"^P(\d+) \([^)]*\): (.*)$", re.M)


def stand_in(cards_by_text: dict[str, list[dict]]):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            cards = [{**c, "part": f"P{m.group(1)}"} for m in PART_RE.finditer(body["messages"][1]["content"])
                     for c in cards_by_text.get(m.group(2), [])]
            answer = {"choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": json.dumps({"cards": cards})}}]}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass
    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--post", default=str(ROOT / "tests" / "fixtures" / "pjfp-alex-wang-msl.txt"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ts = read_set(args.post)
    from studyapp.cards.model_prompt import parts_of
    text_of = {p.ref: p.text for p in parts_of(ts)}
    cards_by_text: dict[str, list[dict]] = {}
    for note in generate(ts):
        for c in note.cards:
            kind = "cloze" if c.kind in ("cloze", "list") and c.key != "all" else "question"
            cards_by_text.setdefault(text_of.get(note.ref, ""), []).append(
                {"kind": kind, "prompt": c.prompt, "answer": c.answer, "distractors": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), stand_in(cards_by_text))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ws = WriterSettings(writer="model", endpoint=f"http://127.0.0.1:{server.server_address[1]}/v1")
    first = write_cards(ts, ws)  # fills the cache
    builtin, cached = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        generate(read_set(args.post))
        builtin.append(time.perf_counter() - t)
        t = time.perf_counter()
        again = write_cards(read_set(args.post), ws)
        cached.append(time.perf_counter() - t)
        assert again.report.calls == 0
    server.shutdown()
    print(json.dumps({
        "post": Path(args.post).name, "parts": first.report.parts, "requests_to_fill": first.report.calls,
        "builtin_median_s": round(statistics.median(builtin), 4),
        "model_writer_cached_median_s": round(statistics.median(cached), 4),
        "ratio": round(statistics.median(cached) / statistics.median(builtin), 2),
        "cards": sum(len(n.cards) for n in again.notes),
    }, indent=2))


if __name__ == "__main__":
    main()
