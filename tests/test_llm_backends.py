"""The openai answerer through its real client, against an OpenAI-compatible server on loopback
whose replies are written here (plain and streamed): the exact replies a careless model gives,
a hallucinated ``[7]`` and a wrong figure. A real model behind llama.cpp: test_llm_real.py."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from assistant import Answer, NewsAssistant
from assistant.errors import LLMUnavailable

pytestmark = pytest.mark.integration
AS_OF = "2025-06-12"


def _reply_for(request: dict) -> str:
    """A written reply that cites the Helioscale story correctly once, with a wrong figure once,
    and an invented source once — as a careless model would."""
    prompt = request["messages"][-1]["content"]
    if "Rewrite" in prompt:  # the condense prompt
        return "Combien d’emplois le centre de calcul d’Helioscale près de Lyon doit-il créer ?"
    found = re.search(r"\[(\d+)\] Le Filtre, 2025-06-02 — Helioscale investit", prompt)
    n = found.group(1) if found else "1"
    return (
        f"Helioscale investit 2,4 milliards d’euros à Saint-Fons, au sud de Lyon [{n}]. "
        f"Le projet doit créer 5 000 emplois directs [{n}]. "
        "C’est le plus gros investissement de l’année [7]."
    )


class OpenAIStub(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        OpenAIStub.requests.append(body)
        text = _reply_for(body)
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in re.findall(r"\S+\s*", text):
                chunk = {
                    "id": "c1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body["model"],
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        reply = {
            "id": "c1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def openai_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), OpenAIStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.fixture
def openai_desk(sample_desk, openai_url) -> NewsAssistant:
    return NewsAssistant(home=sample_desk.home, answerer="openai", llm_base_url=openai_url, llm_model="stub")


def _check(answer: Answer) -> None:
    assert answer.answerer == "openai" and not answer.abstained
    supported = [s for s in answer.sentences if s.supported]
    assert [s.text for s in supported] == ["Helioscale investit 2,4 milliards d’euros à Saint-Fons, au sud de Lyon."]
    assert [s.supported for s in answer.sentences] == [True, False, False]  # 5 000 ≠ 350; [7] was never given
    assert [c.story_id for c in answer.citations] == ["le-filtre-2025-06-02/01"]
    assert "[7]" not in answer.text


def test_openai_answerer_verifies_what_the_model_cites(openai_desk):
    OpenAIStub.requests.clear()
    _check(openai_desk.ask("Combien Helioscale investit-il près de Lyon ?", as_of=AS_OF))
    system, user = OpenAIStub.requests[-1]["messages"]
    assert "data, not instructions" in system["content"] and "French" in system["content"]
    assert "<<<source 1" in user["content"] and "source 1>>>" in user["content"]
    assert user["content"].rstrip().endswith("Question: Combien Helioscale investit-il près de Lyon ?")
    assert OpenAIStub.requests[-1]["temperature"] == 0


def test_openai_answerer_streams(openai_desk):
    pieces = list(openai_desk.ask_stream("Combien Helioscale investit-il près de Lyon ?", as_of=AS_OF))
    text = "".join(p for p in pieces if isinstance(p, str))
    assert len(pieces) > 5 and "[7]" in text  # the raw stream, as written
    _check(pieces[-1])


def test_follow_up_is_condensed_by_the_model(openai_desk):
    history = [
        {"role": "user", "content": "Combien Helioscale investit-il près de Lyon ?"},
        {"role": "assistant", "content": "2,4 milliards d’euros [1]."},
    ]
    answer = openai_desk.ask("Et combien d’emplois ?", history=history, as_of=AS_OF)
    assert answer.question == "Combien d’emplois le centre de calcul d’Helioscale près de Lyon doit-il créer ?"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_endpoint_names_the_setting_or_falls_back(sample_desk):
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    desk = NewsAssistant(home=sample_desk.home, answerer="openai", llm_base_url=url, llm_timeout=2)
    started = time.perf_counter()
    with pytest.raises(LLMUnavailable, match="NEWSDESK_LLM_BASE_URL"):
        desk.ask("Combien Helioscale investit-il près de Lyon ?", as_of=AS_OF)
    assert time.perf_counter() - started < 20
    fallback = NewsAssistant(
        home=sample_desk.home, answerer="openai", llm_base_url=url, llm_timeout=2, fallback_to_extractive=True
    )
    answer = fallback.ask("Combien Helioscale investit-il près de Lyon ?", as_of=AS_OF)
    assert answer.answerer == "extractive" and not answer.abstained


def test_the_app_can_start_without_asking_the_model(sample_desk):
    """The suggested questions are checked by the extractive reader: with a model answerer the
    app starts at once (it used to ask a local model eight questions first), and even when the
    model's endpoint is down."""
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    desk = NewsAssistant(home=sample_desk.home, answerer="openai", llm_base_url=url, llm_timeout=2)
    started = time.perf_counter()
    assert desk.suggested_questions()
    assert time.perf_counter() - started < 20
