"""Fonts bundled with the explorer, cut to the characters it shows.

A machine without CJK or Arabic fonts shows Chinese and Arabic as empty boxes. The
explorer carries Noto Sans (Latin, Cyrillic), Noto Sans Arabic and Noto Sans SC from
the npm registry's Fontsource packages (SIL Open Font License), each cut by fontTools
to the characters of the page's text: a few hundred kilobytes instead of megabytes.
One CSS family, "GPSI Sans", maps every slice by its unicode-range."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from .npm import npm_package

FONT_PACKAGES = (  # (npm package, version, file prefix): earlier ones win a character
    ("@fontsource/noto-sans", "5.3.0", "noto-sans"),
    ("@fontsource/noto-sans-arabic", "5.3.0", "noto-sans-arabic"),
    ("@fontsource/noto-sans-sc", "5.3.0", "noto-sans-sc"),
)
FAMILY = "GPSI Sans"


def parse_ranges(spec: str) -> set[int]:
    """'U+0000-00FF,U+0131' -> the code points it names."""
    points: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.strip().removeprefix("U+").removeprefix("u+").partition("-")
        points.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return points


def _ranges(points: set[int]) -> str:
    """The unicode-range of a set of code points, consecutive ones as ranges."""
    out, ordered = [], sorted(points)
    start = prev = ordered[0]
    for p in [*ordered[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"U+{start:X}" if start == prev else f"U+{start:X}-{prev:X}")
        if p is not None:
            start = prev = p
    return ",".join(out)


def package_dirs(project_dir: Path) -> list[tuple[Path, str]]:
    """Each font package's folder and file prefix, checked against the pinned version."""
    return [
        (npm_package(project_dir, package, version), prefix)
        for package, version, prefix in FONT_PACKAGES
    ]


def bundle(
    project_dir: Path, text: str, out_dir: Path, url: str, cache: Path | None = None
) -> tuple[str, set[str]]:
    """Cut the fonts to the characters of `text` into `out_dir` (woff2), which the page
    finds at `url`; return the @font-face rules and the characters no font has.

    Cutting takes seconds, most of a daily run's report; the same characters and fonts
    give the same files, so the last cut is kept in `cache` under a digest of both."""
    import fontTools

    wanted = {ord(c) for c in set(text) if ord(c) > 0x20 and not c.isspace()}
    folders = package_dirs(project_dir)
    key = hashlib.sha256(
        json.dumps([sorted(wanted), FONT_PACKAGES, fontTools.version, url]).encode()
    ).hexdigest()[:24]
    kept = cache / key if cache is not None else None
    if kept is not None and (kept / "faces.json").is_file():
        shutil.copytree(kept, out_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.json"))
        faces = json.loads((kept / "faces.json").read_text(encoding="utf-8"))
        return faces["css"], set(faces["missing"])
    css, missing = _cut(folders, wanted, out_dir, url)
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)  # one cut kept: the last one
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(out_dir, tmp / key)
        faces = {"css": css, "missing": sorted(missing)}
        (tmp / key / "faces.json").write_text(json.dumps(faces), encoding="utf-8")
        os.replace(tmp, cache)
    return css, missing


def _cut(
    folders: list[tuple[Path, str]], wanted: set[int], out_dir: Path, url: str
) -> tuple[str, set[str]]:
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    rules = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for folder, prefix in folders:
        slices = json.loads((folder / "unicode.json").read_text())
        for key, spec in slices.items():
            points = (parse_ranges(spec) & wanted) - covered
            if not points:
                continue
            name = key.strip("[]")
            source = folder / "files" / f"{prefix}-{name}-400-normal.woff2"
            font = TTFont(source, recalcTimestamp=False)  # no clock in the files
            points &= set(font.getBestCmap())
            if not points:
                continue
            options = Options()
            options.flavor = "woff2"
            options.name_IDs = ["*"]  # keep the copyright and licence names (OFL)
            subsetter = Subsetter(options)
            subsetter.populate(unicodes=points)
            subsetter.subset(font)
            target = out_dir / f"{prefix}-{name}.woff2"
            font.flavor = "woff2"
            font.save(target)
            covered |= points
            rules.append(
                f'@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:100 900;'
                f'font-display:block;src:url("{url}{target.name}") format("woff2");'
                f"unicode-range:{_ranges(points)}}}"
            )
        licence = folder / "LICENSE"
        if licence.exists():
            (out_dir / f"{prefix}-LICENSE.txt").write_bytes(licence.read_bytes())
    missing = {chr(p) for p in wanted - covered}
    return "\n".join(rules) + "\n", missing
