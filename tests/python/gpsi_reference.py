"""An independent re-implementation of the GPSI method in pandas.

It reads only the raw tables (the publishers' text, as landed) and the seed CSV files,
and follows METHODOLOGY.md, not the dbt SQL: its own parsing of the raw text, its own
entity matching, gap filling, COINr treatment (skewness and kurtosis from pandas),
normalisation, aggregation and ranking. The tests compare its results with the marts.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NA_TOKENS = {"", "..", "#N/A", "NA", "N/A"}


def seed(name: str, seeds_dir: Path = SEEDS) -> pd.DataFrame:
    """A seed CSV by name, wherever it sits under seeds/ (method/, reference/)."""
    (path,) = seeds_dir.rglob(f"{name}.csv")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def number(text) -> float:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return math.nan
    text = str(text).strip().replace(",", "")
    return math.nan if text in NA_TOKENS else float(text)


class Reference:
    """Country codes and names, and the curated aliases, for resolving entities."""

    def __init__(self, con, seeds_dir: Path):
        iso = con.execute(
            'select "alpha_3", "name", "country_code", region_code, sub_region_code, '
            "intermediate_region_code from raw.iso3166__countries"
        ).df()
        self.m49_areas = {
            int(float(v))
            for column in ("region_code", "sub_region_code", "intermediate_region_code")
            for v in iso[column]
            if isinstance(v, str) and v.strip()
        }
        rules = seed("entity_key_rules", seeds_dir)
        self.prefer = dict(zip(rules["source_id"], rules["prefer"], strict=True))
        codes = con.execute(
            "select iso3166_1_alpha_3, cldr_display_name, official_name_en, unterm_english_short "
            "from raw.country_codes__countries"
        ).df()
        supplementary = seed("supplementary_countries", seeds_dir)
        self.iso3 = set(iso["alpha_3"]) | set(supplementary["iso3"])
        # UN members: UNTERM names them (a trailing * marks a non-member), or a seeded override
        unterm = {
            code: name.strip()
            for code, name in zip(
                codes["iso3166_1_alpha_3"], codes["unterm_english_short"], strict=True
            )
            if isinstance(code, str) and isinstance(name, str) and name.strip()
        }
        overrides = seed("un_membership_overrides", seeds_dir)
        member_override = dict(
            zip(
                overrides["iso3"],
                overrides["is_un_member"].astype(str).str.lower() == "true",
                strict=True,
            )
        )
        self.un_members = {
            code
            for code in self.iso3
            if member_override.get(code, code in unterm and not unterm[code].endswith("*"))
        }
        self.numeric = {int(c): a for a, c in zip(iso["alpha_3"], iso["country_code"], strict=True)}
        self.numeric.update(zip(supplementary["iso_numeric"], supplementary["iso3"], strict=True))
        names: dict[str, set[str]] = {}

        def add(code, name):
            if isinstance(name, str) and name.strip():
                names.setdefault(name.strip().lower(), set()).add(code)

        for code, name in zip(iso["alpha_3"], iso["name"], strict=True):
            add(code, name)
        for row in codes.itertuples(index=False):
            for name in row[1:]:
                add(row[0], name)
        for code, name in zip(supplementary["iso3"], supplementary["name"], strict=True):
            add(code, name)
        self.names = {n: next(iter(c)) for n, c in names.items() if len(c) == 1}
        aliases = seed("entity_aliases", seeds_dir)
        self.alias_code = {}
        self.alias_name = {}
        for row in aliases.itertuples(index=False):
            iso3 = row.iso3 if row.entity_class == "country" else None
            if isinstance(row.entity_code, str):
                self.alias_code[(row.source_id, row.entity_code)] = iso3
            else:
                self.alias_name[(row.source_id, row.entity_name)] = iso3

    def resolve(self, source_id: str, code, name) -> str | None:
        code = code.strip() if isinstance(code, str) and code.strip() else None
        name = name.strip() if isinstance(name, str) and name.strip() else None
        if code and (source_id, code) in self.alias_code:
            return self.alias_code[(source_id, code)]
        if name and (source_id, name) in self.alias_name:
            return self.alias_name[(source_id, name)]
        if code and code.isdigit():  # a numeric M49 code names its own area, never by name
            return self.numeric.get(int(code))
        by_code = code if code in self.iso3 else None
        by_name = self.names.get(name.lower()) if name else None
        if self.prefer.get(source_id) == "name":
            return by_name  # codes not trusted (GTI 2020 iso3c): the country name decides
        return by_code or by_name


def _frame(rows, series: str | None = None):
    """Observations; ``series`` is the edition column when rows carry one (5 fields)."""
    columns = ["iso3", "year", "source_id", "value"]
    frame = pd.DataFrame(rows, columns=[*columns, "edition"] if series else columns)
    edition = frame["edition"].astype(str) if series else "-"
    frame["series"] = frame["source_id"] + ":" + edition
    return frame.drop(columns=["edition"]) if series else frame


def homicide(con, ref: Reference) -> pd.DataFrame:
    rows = []
    raw = con.execute(
        "select entity, code, year, homicide_rate_per_100_000_population "
        "from raw.owid_homicide__homicide_rate"
    ).fetchall()
    for entity, code, year, value in raw:
        iso3 = ref.resolve("owid_homicide", code, entity)
        if iso3 and not math.isnan(number(value)):
            rows.append((iso3, int(year), "owid_homicide", number(value)))
    raw = con.execute(
        "select region_country_area, col_2, year, value from raw.unsd_syb_crime__crime_series "
        "where series = 'Intentional homicide rates per 100,000'"
    ).fetchall()
    for code, name, year, value in raw:
        iso3 = ref.resolve("unsd_syb_crime", code, name)
        if iso3 and not math.isnan(number(value)):
            rows.append((iso3, int(year), "unsd_syb_crime", number(value)))
    wdi = con.execute("select * from raw.wb_wdi__homicide_rate").df()
    for _, row in wdi.iterrows():
        iso3 = ref.resolve("wb_wdi", row["country_code"], row["country_name"])
        for column in wdi.columns:
            if column.startswith("y") and column[1:].isdigit() and iso3:
                value = number(row[column])
                if not math.isnan(value):
                    rows.append((iso3, int(column[1:]), "wb_wdi", value))
    return _frame(rows)


def gti(con, ref: Reference) -> pd.DataFrame:
    raw = con.execute("select iso3c, country, year, score from raw.iep_gti__country_scores")
    rows = []
    for code, name, year, score in raw.fetchall():
        iso3 = ref.resolve("iep_gti", code, name)
        if iso3 and not math.isnan(number(score)):
            rows.append((iso3, int(number(year)), "iep_gti", number(score)))
    return _frame(rows)


def population(con, ref: Reference) -> dict[tuple[str, int], float]:
    pop: dict[tuple[str, int], float] = {}
    wdi = con.execute("select * from raw.wb_wdi__population").df()
    for _, row in wdi.iterrows():
        iso3 = ref.resolve("wb_wdi", row["country_code"], row["country_name"])
        for column in wdi.columns:
            if iso3 and column.startswith("y") and column[1:].isdigit():
                value = number(row[column])
                if not math.isnan(value):
                    pop[(iso3, int(column[1:]))] = value
    long = con.execute(
        "select country_code, country_name, year, value from raw.wb_population__population"
    )
    for code, name, year, value in long.fetchall():  # first in precedence: overrides
        iso3 = ref.resolve("wb_population", code, name)
        if iso3 and not math.isnan(number(value)):
            pop[(iso3, int(year))] = number(value)
    return pop


def gtd_impact(con, ref: Reference, seeds_dir: Path) -> pd.DataFrame:
    components = seed("gtd_impact_components", seeds_dir)
    weights = dict(zip(components["observation_indicator_id"], components["weight"], strict=True))
    window = dict(
        zip(
            seed("gtd_impact_window", seeds_dir)["years_back"],
            seed("gtd_impact_window", seeds_dir)["weight"],
            strict=True,
        )
    )
    gaps = seed("source_known_gaps", seeds_dir)
    gap_years = set(gaps.loc[gaps["source_id"] == "owid_gtd", "reference_year"])
    raw = con.execute(
        "select entity, code, year, terrorist_attacks, terrorism_deaths, "
        "terrorism_non_fatal_injuries from raw.owid_gtd__attacks_fatalities_injuries"
    ).fetchall()
    events: dict[tuple[str, int], float] = {}
    kept = [row for row in raw if int(row[2]) not in gap_years]
    named = {ref.resolve("owid_gtd", code, entity) for entity, code, *_ in kept}
    for iso3 in ref.un_members - named:  # the GTD names every country with an incident
        for year in {int(row[2]) for row in kept}:
            events[(iso3, year)] = 0.0
    for entity, code, year, attacks, deaths, injuries in raw:
        iso3 = ref.resolve("owid_gtd", code, entity)
        year = int(year)
        if not iso3 or year in gap_years:
            continue
        weighted = (
            weights["terrorist_attacks"] * number(attacks)
            + weights["terrorism_deaths"] * number(deaths)
            + weights["terrorism_injuries"] * number(injuries)
        )
        events[(iso3, year)] = events.get((iso3, year), 0.0) + weighted  # former names add up
    pop = population(con, ref)
    rows = []
    for (iso3, year), _ in events.items():
        numerator = sum(
            w * events[(iso3, year - k)] for k, w in window.items() if (iso3, year - k) in events
        )
        denominator = sum(w for k, w in window.items() if (iso3, year - k) in events)
        if pop.get((iso3, year), 0) > 0:
            rows.append((iso3, year, "owid_gtd", numerator / denominator / pop[(iso3, year)] * 1e5))
    return _frame(rows)


def gci(con, ref: Reference, seeds_dir: Path) -> pd.DataFrame:
    editions = seed("gci_editions", seeds_dir).set_index("edition_year")
    raw = con.execute("select * from raw.itu_gci__edition_scores").df()
    rows = []
    for _, row in raw.iterrows():
        iso3 = ref.resolve("itu_gci", None, row["country"])
        for edition in editions.index:
            value = number(row[f"y{edition}"])
            if iso3 and not math.isnan(value):
                scale = editions.loc[edition, "published_scale_max"]
                rows.append(
                    (
                        iso3,
                        int(editions.loc[edition, "reference_year"]),
                        "itu_gci",
                        100.0 * value / scale,
                        edition,
                    )
                )
    vintages = seed("cyber_index_vintages", seeds_dir).set_index("indicator_id")
    year = int(vintages.loc["gci_score", "reference_year"])
    cyber = con.execute("select country, gci from raw.cyber_indexes__country_scores").fetchall()
    for name, value in cyber:
        iso3 = ref.resolve("cyber_indexes", None, name)
        if iso3 and not math.isnan(number(value)):
            rows.append((iso3, year, "cyber_indexes", number(value), "-"))
    return _frame(rows, series="edition")


def road(con, ref: Reference) -> pd.DataFrame:
    """WHO 2000-2019 download (a "0 [0-0]" estimate is "no estimate") and the GSRRS 2023
    vintage (a rate of 0 is "no estimate")."""
    raw = con.execute(
        "select spatialdimensionvaluecode, timedim, numericvalue, low, high "
        "from raw.who_gho_road__observations where indicatorcode = 'RS_198' "
        "and spatialdimension = 'COUNTRY' and disaggregatingdimension1valuecode = 'BTSX'"
    ).fetchall()
    rows = []
    for code, year, value, low, high in raw:
        iso3 = ref.resolve("who_gho_road", code, None)
        if number(value) == number(low) == number(high) == 0:
            continue  # WHO's "0.0 [0.0-0.0]": no estimate
        if iso3 and not math.isnan(number(value)):
            rows.append((iso3, int(year), "who_gho_road", number(value)))
    raw = con.execute(
        "select spatialdimvaluecode, location, period, factvaluenumeric "
        "from raw.who_gho_road_2023__observations where indicatorcode = 'RS_198'"
    ).fetchall()
    for code, name, year, value in raw:
        iso3 = ref.resolve("who_gho_road_2023", code, name)
        if iso3 and not math.isnan(number(value)) and number(value) != 0:
            rows.append((iso3, int(year), "who_gho_road_2023", number(value)))
    return _frame(rows)


def _wide(con, table: str, source_id: str, where: str = "") -> list[tuple]:
    """(iso3, year, value, row) from a World Bank / ND-GAIN style wide raw table."""
    frame = con.execute(f"select * from raw.{table} {where}").df()
    code_col = "country_code" if "country_code" in frame.columns else "iso3"
    name_col = "country_name" if "country_name" in frame.columns else "name"
    out = []
    for _, row in frame.iterrows():
        for column in frame.columns:
            if column.startswith("y") and column[1:].isdigit():
                value = number(row[column])
                if not math.isnan(value):
                    out.append((row[code_col], row[name_col], int(column[1:]), value, row))
    return out


def wide_indicator(con, ref, table, source_id, where="") -> pd.DataFrame:
    rows = []
    for code, name, year, value, _ in _wide(con, table, source_id, where):
        iso3 = ref.resolve(source_id, code, name)
        if iso3:
            rows.append((iso3, year, source_id, value))
    return _frame(rows)


def conflict_rate(con, ref) -> pd.DataFrame:
    pop = population(con, ref)
    raw = con.execute(
        "select entity, code, year, best_estimate from raw.owid_conflict_deaths__deaths"
    ).fetchall()
    rows = []
    for entity, code, year, best in raw:
        iso3 = ref.resolve("owid_conflict_deaths", code, entity)
        year = int(year)
        if iso3 and not math.isnan(number(best)) and pop.get((iso3, year), 0) > 0:
            rows.append(
                (iso3, year, "owid_conflict_deaths", number(best) / pop[(iso3, year)] * 1e5)
            )
    return _frame(rows)


def undernourishment(con, ref) -> pd.DataFrame:
    raw = con.execute(
        "select entity, code, year, prevalence_pct from raw.owid_undernourishment__prevalence"
    ).fetchall()
    rows = []
    for entity, code, year, value in raw:
        iso3 = ref.resolve("owid_undernourishment", code, entity)
        if iso3 and not math.isnan(number(value)):
            rows.append((iso3, int(year), "owid_undernourishment", number(value)))
    return _frame(rows)


def gfsi(con, ref: Reference) -> pd.DataFrame:
    raw = con.execute(
        "select iso_code, country, score from raw.gfsi__pillar_scores where indicator = 'overall'"
    )
    rows = []
    for code, name, value in raw.fetchall():
        iso3 = ref.resolve("gfsi", code, name)
        if iso3:
            rows.append((iso3, 2021, "gfsi", number(value)))
    return _frame(rows)


def inflation(con, ref) -> pd.DataFrame:
    """WDI inflation first, the World Bank inflation database where WDI is blank."""
    frame = wide_indicator(
        con,
        ref,
        "wb_wdi_econ__indicators",
        "wb_wdi_econ",
        "where indicator_code = 'FP.CPI.TOTL.ZG'",
    )
    rows = []
    for code, name, year, value, _ in _wide_db(con):
        iso3 = ref.resolve("wb_inflation_db", code, name)
        if iso3:
            rows.append((iso3, year, "wb_inflation_db", value))
    return pd.concat([frame, _frame(rows)], ignore_index=True)


def _wide_db(con) -> list[tuple]:
    """The inflation workbook's economy rows (a three-letter code), one per year with a value."""
    frame = con.execute("select * from raw.wb_inflation_db__headline_cpi").df()
    out = []
    for _, row in frame.iterrows():
        code = row["country_code"]
        if not isinstance(code, str) or len(code.strip()) != 3:
            continue  # the blank and footnote rows below the economies
        for column in frame.columns:
            if column.startswith("y") and column[1:].isdigit():
                value = number(row[column])
                if not math.isnan(value):
                    out.append((code, row["country"], int(column[1:]), value, row))
    return out


def goci(con, ref, seeds_dir: Path) -> dict[str, pd.DataFrame]:
    """GI-TOC composites: the weighted mean of each indicator's components, per edition
    (the 2023 sheet's columns and the 2021 sheet's carry the same names)."""
    components = seed("goci_components", seeds_dir)
    out = {}
    for indicator, group in components.groupby("indicator_id"):
        rows = []
        for edition in (2021, 2023):
            raw = con.execute(f"select * from raw.gitoc_goci__scores_{edition}").df()
            for _, row in raw.iterrows():
                iso3 = ref.resolve("gitoc_goci", None, row["country"])
                values = [
                    number(row[c]) * w
                    for c, w in zip(group["component"], group["weight"], strict=True)
                ]
                if iso3:
                    rows.append((iso3, edition, "gitoc_goci", sum(values) / group["weight"].sum()))
        out[indicator] = _frame(rows)
    return out


def war_party_rate(con, ref, seeds_dir: Path) -> pd.DataFrame:
    """Battle deaths of the dyads a government fights (counted roles, shared equally
    among the dyad's counted states), 0 in a covered year it fights none, per 100,000."""
    roles = seed("war_party_roles", seeds_dir)
    counted = set(roles.loc[roles["is_counted"].astype(str).str.lower() == "true", "party_role"])
    codes = con.execute("select gwn, iso3c from raw.countrycode_codelist__countries").fetchall()
    gw_iso = {int(number(g)): i for g, i in codes if g and isinstance(i, str) and i.strip()}
    overrides = seed("gleditsch_ward_overrides", seeds_dir)
    gw_iso.update(zip(overrides["gw_number"].astype(int), overrides["iso3"], strict=True))
    entities = {i for _, i in codes if isinstance(i, str) and i.strip()} | set(gw_iso.values())
    dyads = con.execute(
        "select year, bd_best, gwno_a, gwno_b, gwno_a_2nd, gwno_b_2nd "
        "from raw.ucdp_battle_deaths__dyad_years"
    ).fetchall()
    deaths: dict[tuple[str, int], float] = {}
    years = set()
    for year, best, a, b, a2, b2 in dyads:
        year = int(year)
        years.add(year)
        lists = {"primary": [a, b], "secondary": [a2, b2]}
        parties = [
            int(gw)
            for role in counted
            for text in lists[role]
            if text
            for gw in text.split(",")
            if gw.strip()
        ]
        for gw in parties:
            if gw in gw_iso:
                key = (gw_iso[gw], year)
                deaths[key] = deaths.get(key, 0.0) + number(best) / len(parties)
    pop = population(con, ref)
    rows = []
    for iso3 in entities:  # a non-state (Hong Kong) never fights as a party: 0
        if ref.resolve("ucdp_battle_deaths", iso3, None) != iso3:
            continue
        for year in years:
            if pop.get((iso3, year), 0) > 0:
                value = deaths.get((iso3, year), 0.0)
                rows.append((iso3, year, "ucdp_battle_deaths", value / pop[(iso3, year)] * 1e5))
    return _frame(rows)


def observations(con, ref, seeds_dir) -> dict[str, pd.DataFrame]:
    return {
        "homicide_rate": homicide(con, ref),
        "gti_score": gti(con, ref),
        "gtd_impact_per_100k": gtd_impact(con, ref, seeds_dir),
        "gci_score": gci(con, ref, seeds_dir),
        "road_death_rate": road(con, ref),
        "gfsi_overall": gfsi(con, ref),
        "wgi_political_stability": wide_indicator(
            con, ref, "wb_wgi__political_stability", "wb_wgi"
        ),
        "conflict_deaths_per_100k": conflict_rate(con, ref),
        "ndgain_vulnerability": wide_indicator(
            con,
            ref,
            "nd_gain__country_series",
            "nd_gain",
            "where _source_file like '%/vulnerability.csv'",
        ),
        "inflation_cpi": inflation(con, ref),
        "unemployment_rate": wide_indicator(
            con,
            ref,
            "wb_wdi_econ__indicators",
            "wb_wdi_econ",
            "where indicator_code = 'SL.UEM.TOTL.ZS'",
        ),
        "undernourishment_pct": undernourishment(con, ref),
        "war_party_deaths_per_100k": war_party_rate(con, ref, seeds_dir),
        **goci(con, ref, seeds_dir),
    }


def select_by_precedence(obs: pd.DataFrame, indicator: str, seeds_dir: Path) -> pd.DataFrame:
    prec = seed("source_precedence", seeds_dir)
    order = dict(
        zip(
            prec.loc[prec["indicator_id"] == indicator, "source_id"],
            prec.loc[prec["indicator_id"] == indicator, "precedence"],
            strict=True,
        )
    )
    obs = obs.assign(precedence=obs["source_id"].map(order)).dropna(subset=["precedence"])
    obs = obs.sort_values(["iso3", "year", "precedence"])
    return obs.drop_duplicates(["iso3", "year"], keep="first")


def fill(selected: pd.DataFrame, countries, years, carry: int, gap: int) -> pd.DataFrame:
    """Observed / interpolated (same series only) / carried forward / missing."""
    by_country = {
        iso3: dict(zip(g["year"], g["value"], strict=True)) for iso3, g in selected.groupby("iso3")
    }
    series_of = {
        iso3: dict(zip(g["year"], g["series"], strict=True)) for iso3, g in selected.groupby("iso3")
    }
    rows = []
    for iso3 in countries:
        series = by_country.get(iso3, {})
        observed_years = sorted(series)
        for year in years:
            earlier = [y for y in observed_years if y <= year]
            later = [y for y in observed_years if y > year]
            prev = earlier[-1] if earlier else None
            nxt = later[0] if later else None
            if prev == year:
                rows.append((iso3, year, "observed", series[year]))
            elif (
                prev is not None
                and nxt is not None
                and nxt - prev <= gap
                and series_of[iso3][prev] == series_of[iso3][nxt]
            ):
                v = series[prev] + (series[nxt] - series[prev]) * (year - prev) / (nxt - prev)
                rows.append((iso3, year, "interpolated", v))
            elif prev is not None and year - prev <= carry:
                rows.append((iso3, year, "carried_forward", series[prev]))
            else:
                rows.append((iso3, year, "missing", math.nan))
    return pd.DataFrame(rows, columns=["iso3", "year", "value_status", "value"])


def coinr_treat(values: pd.Series, method) -> tuple[pd.Series, int]:
    """Winsorise one indicator-year by the COINr rule; returns values and steps."""

    def fails(x: pd.Series) -> bool:
        skew, kurt = x.skew(), x.kurt()
        if any(map(lambda v: v is None or (isinstance(v, float) and math.isnan(v)), [skew, kurt])):
            return False
        return abs(skew) >= method["outlier_abs_skew"] and kurt >= method["outlier_kurtosis"]

    if len(values) < max(4, method["outlier_min_countries"]):
        return values, 0
    top = ((values - values.mean()) ** 3).sum() >= 0
    distinct = np.sort(values.unique())[::-1] if top else np.sort(values.unique())
    last = values
    for step in range(int(method["outlier_max_winsorised_points"]) + 1):
        if step >= len(distinct):
            break
        threshold = distinct[step]
        x = values.clip(upper=threshold) if top else values.clip(lower=threshold)
        last = x
        if not fails(x):
            return x, step
    return last, int(method["outlier_max_winsorised_points"])


def transform(x, kind: str):
    return np.log1p(x) if kind == "log1p" else x


def band(x, low, high):
    """Distance outside [low, high] for a two-sided indicator; x itself without a band."""
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return x
    return np.maximum(0.0, np.maximum(low - x, x - high))


def compute(con, seeds_dir: Path = SEEDS, overrides: dict | None = None) -> dict[str, pd.DataFrame]:
    """The whole index: indicator scores, dimension scores and GPSI per country-year."""
    method = seed("method", seeds_dir).iloc[0]
    dims = seed("dimensions", seeds_dir)
    inds = seed("indicators", seeds_dir)
    for key, value in (overrides or {}).items():
        table, ident, column = key
        frame = dims if table == "dimensions" else inds
        id_col = "dimension_id" if table == "dimensions" else "indicator_id"
        frame.loc[frame[id_col] == ident, column] = value
    dims = dims[dims["is_active"]]
    inds = inds[inds["is_active"] & inds["dimension_id"].isin(dims["dimension_id"])]
    ref = Reference(con, seeds_dir)
    obs = observations(con, ref, seeds_dir)
    selected = {i: select_by_precedence(obs[i], i, seeds_dir) for i in inds["indicator_id"]}
    last_year = max(int(s["year"].max()) for s in selected.values())
    years = range(int(method["first_year"]), last_year + 1)
    countries = sorted(ref.iso3)
    scores = []
    for ind in inds.itertuples(index=False):
        panel = fill(
            selected[ind.indicator_id],
            countries,
            years,
            ind.max_carry_forward_years,
            ind.max_interpolation_gap_years,
        )
        panel["indicator_id"] = ind.indicator_id
        panel["dimension_id"] = ind.dimension_id
        panel["transformed"] = transform(
            band(panel["value"], ind.band_low, ind.band_high), ind.transformation
        )
        panel["treated"] = panel["transformed"]
        for _year, group in panel[panel["value"].notna()].groupby("year"):
            if ind.outlier_treatment == "coinr":
                treated, _steps = coinr_treat(group["transformed"], method)
                panel.loc[treated.index, "treated"] = treated
        lo = transform(ind.goalpost_low, ind.transformation)
        hi = transform(ind.goalpost_high, ind.transformation)
        s = (100.0 * (panel["treated"] - lo) / (hi - lo)).clip(0, 100)
        panel["normalised_score"] = 100.0 - s if ind.direction == -1 else s
        panel["weight"] = ind.weight
        scores.append(panel)
    indicator_scores = pd.concat(scores, ignore_index=True)
    available = indicator_scores[indicator_scores["normalised_score"].notna()].copy()
    available["imputed"] = available["value_status"] != "observed"
    total_weight = inds.groupby("dimension_id")["weight"].sum()
    rule = dims.set_index("dimension_id")["min_indicator_weight_share"]
    # Weighted means: sums of weight x value over the sum of weights, per country-year-dimension.
    available["weighted_score"] = available["weight"] * available["normalised_score"]
    available["imputed_weight"] = available["weight"].where(available["imputed"], 0.0)
    dimension_scores = available.groupby(["iso3", "year", "dimension_id"], as_index=False).agg(
        weight=("weight", "sum"),
        weighted_score=("weighted_score", "sum"),
        imputed_weight=("imputed_weight", "sum"),
    )
    dimension = dimension_scores["dimension_id"]
    share = dimension_scores["weight"] / dimension.map(total_weight)
    dimension_scores["is_covered"] = share >= dimension.map(rule)
    dimension_scores["score"] = (
        dimension_scores["weighted_score"] / dimension_scores["weight"]
    ).where(dimension_scores["is_covered"])
    dimension_scores["imputed_share"] = (
        dimension_scores["imputed_weight"] / dimension_scores["weight"]
    )
    dimension_scores = dimension_scores[
        ["iso3", "year", "dimension_id", "score", "is_covered", "imputed_share"]
    ]
    dim_weight = dims.set_index("dimension_id")["weight"]
    covered = dimension_scores[dimension_scores["is_covered"]]
    founding = set(dims.loc[dims["is_founding"], "dimension_id"])
    variants = {
        "": (covered, method["min_dimensions"]),
        "founding_": (
            covered[covered["dimension_id"].isin(founding)],
            method["founding_min_dimensions"],
        ),
    }
    frames = []
    for prefix, (frame, minimum) in variants.items():
        # Weighted means of the dimension scores (geometric: of their logs, floored).
        w = frame["dimension_id"].map(dim_weight)
        floored = np.maximum(frame["score"], method["dimension_score_floor"])
        sums = (
            frame[["iso3", "year"]]
            .assign(weight=w, weighted_log=w * np.log(floored), weighted=w * frame["score"])
            .groupby(["iso3", "year"], as_index=False)
            .agg(
                dimensions=("weight", "size"),
                weight=("weight", "sum"),
                weighted_log=("weighted_log", "sum"),
                weighted=("weighted", "sum"),
            )
        )
        published = sums["dimensions"] >= minimum
        out = sums[["iso3", "year"]].assign(
            **{
                f"{prefix}gpsi_score": np.exp(sums["weighted_log"] / sums["weight"]).where(
                    published
                ),
                f"{prefix}gpsi_score_arithmetic": (sums["weighted"] / sums["weight"]).where(
                    published
                ),
            }
        )
        # Ties to 9 decimals, as the marts rank (equal in exact arithmetic = equal rank).
        out[f"{prefix}gpsi_rank"] = (
            out[f"{prefix}gpsi_score"]
            .round(9)
            .groupby(out["year"])
            .rank(method="min", ascending=False)
        )
        frames.append(out.set_index(["iso3", "year"]))
    gpsi = frames[0].join(frames[1], how="outer").reset_index()
    return {"indicators": indicator_scores, "dimensions": dimension_scores, "gpsi": gpsi}
