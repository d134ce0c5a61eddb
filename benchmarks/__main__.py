"""``python -m benchmarks NAME [options]``, NAME one of the BENCHMARKS below, or ``all``.

Each benchmark prints a Markdown table and writes it, with the raw figures as JSON, to
``benchmarks/results/<name>.md|.json``. ``all`` runs them all in that order with their default
(full) settings: ``speed`` builds the TLDR archive home that ``latency``, ``load`` and ``scale``
then use. Everything runs offline: Hugging Face lookups are off.
"""

from __future__ import annotations

import importlib
import os
import sys

# Before anything imports transformers: never reach for the Hugging Face hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

BENCHMARKS = (
    "quality",
    "french",
    "answers",
    "newsroom",
    "same_subject",
    "bilingual",
    "real_newsletters",
    "segmentation",
    "speed",
    "latency",
    "load",
    "scale",
    "faults",
    "adversarial",
    "generative",
)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in (*BENCHMARKS, "all"):
        print(__doc__.strip())
        print(f"\nusage: python -m benchmarks {{{','.join((*BENCHMARKS, 'all'))}}} [--help]")
        return 2
    from benchmarks.common import MissingData

    names = BENCHMARKS if argv[0] == "all" else (argv[0],)
    rest = [] if argv[0] == "all" else argv[1:]
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            module.main(rest)
        except MissingData as missing:  # a clone without ../shared: skip, do not fail
            print(f"{name}: {missing}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
