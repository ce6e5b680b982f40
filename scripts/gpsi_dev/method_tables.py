"""The method tables of METHODOLOGY.md, generated from the seeds so that the document
cannot drift from the method: the framework (dimensions, weights, indicators, sources in
precedence order) and the goalposts. `python -m gpsi_dev.method_tables` rewrites the
marked sections in place; a test checks they are current."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
MARKER = re.compile(r"(<!-- method-table:(\w+) -->\n)(.*?)(<!-- /method-table -->)", re.S)


def _seed(name: str) -> list[dict]:
    (path,) = SEEDS.rglob(f"{name}.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _g(value: str) -> str:
    return f"{float(value):g}" if value else ""


def framework() -> str:
    names = {r["indicator_id"]: r["name"] for r in _seed("indicator_catalogue")}
    precedence: dict[str, list[tuple[int, str]]] = {}
    for r in _seed("source_precedence"):
        precedence.setdefault(r["indicator_id"], []).append((int(r["precedence"]), r["source_id"]))
    indicators = [r for r in _seed("indicators") if r["is_active"] == "true"]
    lines = [
        "| dimension | weight | founding | indicators (weight) | sources, in precedence order |",
        "|---|---|---|---|---|",
    ]
    for d in _seed("dimensions"):
        if d["is_active"] != "true":
            continue
        mine = [i for i in indicators if i["dimension_id"] == d["dimension_id"]]
        inds = "; ".join(f"{names[i['indicator_id']]} ({_g(i['weight'])})" for i in mine)
        srcs = "; ".join(
            " > ".join(s for _, s in sorted(precedence.get(i["indicator_id"], []))) for i in mine
        )
        founding = "yes" if d["is_founding"] == "true" else ""
        lines.append(f"| {d['name']} | {_g(d['weight'])} | {founding} | {inds} | {srcs} |")
    return "\n".join(lines) + "\n"


def goalposts() -> str:
    names = {r["indicator_id"]: r["name"] for r in _seed("indicator_catalogue")}
    lines = [
        "| indicator | direction | transformation | band | low | high |",
        "|---|---|---|---|---|---|",
    ]
    for i in _seed("indicators"):
        if i["is_active"] != "true":
            continue
        band = f"{_g(i['band_low'])}-{_g(i['band_high'])}" if i["band_low"] else ""
        direction = "higher = more secure" if i["direction"] == "1" else "higher = less secure"
        lines.append(
            f"| {names[i['indicator_id']]} | {direction} | {i['transformation']} | {band} | "
            f"{_g(i['goalpost_low'])} | {_g(i['goalpost_high'])} |"
        )
    return "\n".join(lines) + "\n"


TABLES = {"framework": framework, "goalposts": goalposts}


def render(text: str) -> str:
    return MARKER.sub(lambda m: m.group(1) + TABLES[m.group(2)]() + m.group(4), text)


if __name__ == "__main__":
    path = PROJECT / "METHODOLOGY.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
