"""The baseline both benchmarks compare against: the standard LangChain RAG recipe.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) + ``langchain_chroma.Chroma``
persisted in a temp dir + the project's own embedding model wrapped as a LangChain
``Embeddings`` (same model, same batch size), so only the pipeline differs.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from benchmarks.common import DEPTH, first_rank, log, summarize

SEED = 0
LANGCHAIN_FETCH = 60  # chunks fetched before deduplicating by article


def langchain_embeddings(embedder: Any) -> Any:
    """The project's embedder as a LangChain ``Embeddings`` (same model, same batch size)."""
    from langchain_core.embeddings import Embeddings

    class ProjectEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return ProjectEmbeddings()


def langchain_chroma(directory: Path, embeddings: Any) -> Any:
    """The standard LangChain vector store, persisted in ``directory``, telemetry off."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    return Chroma(
        collection_name="langchain",
        embedding_function=embeddings,
        persist_directory=str(directory),
        client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True),
    )


def langchain_collection(client: Any, name: str, embedder: Any) -> Any:
    """LangChain's ``Chroma`` over an existing collection (the project's), for its search path."""
    from langchain_chroma import Chroma

    return Chroma(client=client, collection_name=name, embedding_function=langchain_embeddings(embedder))


def article_search(
    articles: list[dict], questions: list[tuple[str, str, set[str]]], directory: Path, embedder: Any
) -> dict[str, Any]:
    """The standard LangChain RAG recipe, scored at article level like the project."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = splitter.create_documents(
        [f"{a['title']}\n\n{a['body']}" for a in articles],
        metadatas=[{"article": a["id"]} for a in articles],
    )
    store = langchain_chroma(directory, langchain_embeddings(embedder))
    for start in range(0, len(docs), 1000):
        store.add_documents(docs[start : start + 1000])
        log(f"  langchain: {min(start + 1000, len(docs))}/{len(docs)} chunks embedded")
    build = time.perf_counter() - started
    ranks: list[int | None] = []
    started = time.perf_counter()
    for _, question, gold in questions:
        ranked: list[str] = []
        for doc in store.similarity_search(question, k=LANGCHAIN_FETCH):
            if doc.metadata["article"] not in ranked:
                ranked.append(doc.metadata["article"])
        ranks.append(first_rank(ranked[:DEPTH], gold))
    elapsed = time.perf_counter() - started
    return {
        **summarize(ranks),
        "ms_per_query": 1000 * elapsed / max(len(questions), 1),
        "build_seconds": build,
        "chunks": len(docs),
        "ranks": dict(zip([q[0] for q in questions], ranks, strict=True)),
    }


def ingest_files(files: list[Path], share: float, directory: Path, embedder: Any) -> dict[str, Any]:
    """TextLoader-equivalent per file + RecursiveCharacterTextSplitter + Chroma, timed."""
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    sample = sorted(random.Random(SEED).sample(files, max(1, round(len(files) * share))))
    started, cpu = time.perf_counter(), time.process_time()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    store = langchain_chroma(directory, langchain_embeddings(embedder))
    texts: list[str] = []
    for n, path in enumerate(sample, start=1):
        # langchain_community's TextLoader does exactly this (that package is not installed)
        docs = splitter.split_documents([Document(path.read_text(encoding="utf-8"), metadata={"source": str(path)})])
        if docs:
            store.add_documents(docs)
        texts += [doc.page_content for doc in docs]
        if n % 100 == 0:
            log(f"  langchain: {n}/{len(sample)} files")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    log(f"  langchain: raw encode of its {len(texts)} chunk texts")
    raw, raw_cpu = time.perf_counter(), time.process_time()
    raw_encode(embedder, texts)
    raw, raw_cpu = time.perf_counter() - raw, time.process_time() - raw_cpu
    scale = len(files) / len(sample)
    return {
        "files": len(sample),
        "share": len(sample) / len(files),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "chunks": len(texts),
        "seconds_scaled": seconds * scale,
        "cpu_seconds_scaled": cpu * scale,
        "chunks_scaled": round(len(texts) * scale),
        "raw_seconds": raw,
        "raw_cpu_seconds": raw_cpu,
        "ratio": seconds / raw,
        "cpu_ratio": cpu / raw_cpu,
    }


def raw_encode(embedder: Any, texts: list[str]) -> None:
    """The bare ``SentenceTransformer.encode`` of ``texts``, with the embedder's batch size: the
    throughput an ingest pipeline is compared with."""
    embedder.model.encode(
        texts,
        batch_size=embedder.batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )


def raw_session_runs(embedder: Any, texts: list[str]) -> None:
    """The bare ONNX session runs of the cross-lingual model (USE) over ``texts``, a batch of
    the embedder's size at a time, in the given order."""
    import numpy as np

    for start in range(0, len(texts), embedder.batch_size):
        embedder.session.run(None, {embedder.input: np.array(texts[start : start + embedder.batch_size], dtype=object)})
