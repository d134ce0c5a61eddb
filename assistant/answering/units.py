"""What a quantity is measured in: the units stories print, the dimension a question names
("context window" is counted in tokens, « le poids » in kilograms) and the unit it asks for
("in kWh"). Patterns, no model: they read folded text (lower case, no accents).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.answer_nouns import ASKED_UNITS
from assistant.answering.answer_types import NUMBER, NUMBER_WORDS, SCALE

MEASURE_UNITS = (
    r"(?:[kmgtp]?b|[kmgt]i?b|bytes?|octets?|[kmgt]?w|[kmgt]?wh"
    r"|watts?|kilowatts?|megawatts?|gigawatts?|kilowattheures?|megawattheures?|terawattheures?|km|kilometers?"
    r"|kilometres?|miles?|mph|km/h|metres cubes|cubic (?:meters?|metres?)|meters?|metres?|m|cm|mm|nm|feet|foot|ft"
    r"|inch(?:es)?|pouces?"
    r"|square (?:feet|foot|miles?|meters?|metres?|kilometers?|kilometres?)|sq\.? (?:ft|mi)|acres?|hectares?|km2|km²"
    r"|m2|m²|kg|kilos?|kilograms?|kilogrammes?|(?:pico|nano|micro|milli)?gram(?:me)?s?|mg|µg|g"
    r"|(?:metric )?(?:tonnes?|tons?)|pounds?|lbs?|lbf|liters?|litres?"
    r"|l|ml|millilitres?|milliliters?|gallons?|m3|m³|tflops?|pflops?|flops?|fps"
    r"|hz|[kmg]hz|degrees?|degres?|°c?|mah|ah|[kmgt]bps|[kmgt]?bits? (?:per|par) seconde?|[kmgt]?bits?/s"
    r"|(?:kilo|mega|giga|tera)(?:bits?|octets?|bytes?)"
    r"|nits?|teslas?|decibels?|db|volts?|v|amps?|amperes?|newtons?|kn|pascals?|bars?|lumens?|megapixels?|mp"
    r"(?: par seconde| per second|/s)?)"
)
UNITS = (
    rf"(?:{MEASURE_UNITS}|tokens?|jetons?|parameters?|parametres?|params|qubits?|cores?|coeurs?|pixels?|k|x"
    r"|people|personnes|employees|employes|salaries|staff|members|membres|workers|engineers|ingenieurs"
    r"|fois|times|cycles?|requests?|requetes?|queries|users?|utilisateurs?|points?|pts)"
)
QUANTITY = re.compile(
    rf"(?:(?<![\w.,-]){NUMBER}|\b(?:one|a|un|une|{NUMBER_WORDS}))[\s-]?(?:{SCALE}[\s-]?)?(?:de |d')?{UNITS}"
    r"(?![\w'])"  # « à l'IA » is no litre
    rf"|\b\d+(?:[.,]\d+)?[kmbt]\b\+?(?:[\s-]?{UNITS}(?![\w]))?"
    rf"|\b\d+(?:\.\d+)?e\d{{1,3}}\b(?:[\s-]?{UNITS}(?![\w]))?"  # "2e29 FLOP"
    r"|\bmach \d+(?:[.,]\d+)?\b"
    rf"|\b(?:thousands|millions|billions|milliers|millions|milliards) (?:of |de |d')(?:{UNITS})(?![\w])"
)
MEASURE = re.compile(rf"(?<![\w.,-]){NUMBER}[\s-]?(?:{SCALE}[\s-]?)?{MEASURE_UNITS}(?![\w])")
# What a quantity measures, when the question says it: the units that measure it. A context
# window is not answered by a parameter count, nor a speed by a weight.
_DIMENSIONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\bcontext (?:window|length)\b|\bfenetre de contexte\b|\btokens?\b|\bjetons?\b"),
        r"tokens?|jetons?|k|mots|words|pages",
    ),
    (
        re.compile(r"\bparam(?:eter|etre)s?\b|\bmodel size\b|\btaille du modele\b"),
        r"parameters?|parametres?|params|[bm]",
    ),
    (
        # not the Department of Energy
        re.compile(
            r"\b(?:power|electricity|(?<!department of )energy|puissance|electricite|(?<!ministere de l')energie"
            r"|consumption|consommation)\b"
        ),
        r"[kmgt]?w|[kmgt]?wh|watts?|kilowatts?|megawatts?|gigawatts?|kilowattheures?|megawattheures?|terawattheures?",
    ),
    (
        re.compile(r"\b(?:memory|ram|vram|storage|memoire|stockage)\b"),
        r"[kmgtp]?b|[kmgt]i?b|(?:kilo|mega|giga|tera|peta)?(?:bytes?|octets?)|[kmgt]o",
    ),
    (
        re.compile(r"\b(?:speed|vitesse|debit|bandwidth|throughput|fast)\b"),
        r"[kmgt]bps|[kmgt]?bits?/s|[kmgt]?bits? (?:per|par) seconde?|(?:kilo|mega|giga|tera)(?:bits?|octets?|bytes?)"
        r"|mph|km/h|tflops?|pflops?|flops"
        r"|tokens? (?:per|par|a) (?:second|seconde)|tokens?/s|fps|[kmg]?hz|mach \d+(?:[.,]\d+)?",
    ),
    (re.compile(r"\b(?:distance|range|portee|how far)\b"), r"km|kilometers?|kilometres?|miles?|meters?|metres?"),
    (
        re.compile(r"\b(?:thrust|poussee)\b"),
        r"kn|kilonewtons?|newtons?|lbf|(?:pounds?|lbs?|tonnes?|tons?)(?: of thrust| de poussee)?",
    ),
    (
        re.compile(r"\b(?:weight(?!\s+(?:values?|matri\w+|decay))|weigh|weighs|poids|heavy|pese)\b"),
        r"kg|kilos?|kilograms?|kilogrammes?|(?:pico|nano|micro|milli)?gram(?:me)?s?|mg|µg|g"
        r"|(?:metric )?(?:tonnes?|tons?)|pounds?|lbs?",
    ),
    (
        re.compile(r"\b(?:floor space|area|superficie|surface|footprint|land|cover|covers)\b"),
        r"square (?:feet|foot|meters?|metres?|miles?)|m2|m²|hectares?|acres?|km2|km²|metres carres",
    ),
    (
        re.compile(r"\b(?:water|eau)\b"),  # « 250 000 mètres cubes par an »
        r"liters?|litres?|l|ml|millilitres?|milliliters?|gallons?|m3|m³|cl|metres cubes|cubic (?:meters?|metres?)",
    ),
]
# A unit a question names, in either spelling: "in kilowatts" is answered in kW.
_SPELLED_UNITS = [
    (r"kw|kilowatts", r"kw|kilowatts?"),
    (r"mw|megawatts", r"mw|megawatts?"),
    (r"gw|gigawatts", r"gw|gigawatts?"),
    (r"nm|nanometers|nanometres", r"nm|nanometers?|nanometres?"),
    (r"gb|go|gigabytes|gigaoctets", r"gb|go|gigabytes?|gigaoctets?"),
    (r"tb|to|terabytes", r"tb|to|terabytes?|teraoctets?"),
    (r"km|kilometers|kilometres", r"km|kilometers?|kilometres?"),
    (r"kg|kilograms|kilogrammes", r"kg|kilos?|kilograms?|kilogrammes?"),
    (r"mg|milligrams?|milligrammes?", r"mg|milligrams?|milligrammes?"),
    (r"degrees|degres", r"degrees?|degres?|°"),
]
# A bare number, followed by no unit: a score ("72.6 on HumanEval"), not "100 examples"
BARE = re.compile(rf"(?<![\w.,$€£-])({NUMBER})(?=\s*(?:[.,;:)]\s|[.,;:)]?$|on |in |sur |en |points?\b|pts\b|/))")


@lru_cache(maxsize=256)  # asked of every candidate sentence of one question
def measured(asked: str) -> str | None:
    """The units of what a quantity question measures, if it says (a folded question): the
    ones it names ("in kWh"), else those of the dimension it asks about."""
    named = re.search(rf"\b(?:in|en|how many|combien de|what|quel|quelle|the|le|la) ({ASKED_UNITS})\b", asked)
    if named:
        unit = named.group(1)
        return next((units for spelled, units in _SPELLED_UNITS if re.fullmatch(spelled, unit)), re.escape(unit))
    return next((units for cue, units in _DIMENSIONS if cue.search(asked)), None)
