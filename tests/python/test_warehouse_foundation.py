"""The foundation on the real snapshot: every file landed, every entity classified,
and raw values reach int_indicator_observations unchanged (checked against the raw
files read independently here with the csv module and openpyxl)."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ignored(raw_dir):
    from gpsi.registry import sources

    return {
        path: reason
        for source in sources()
        for pattern, reason in source.ignored
        for path in (raw_dir / source.folder).glob(pattern)
    }


def test_every_raw_file_is_landed_or_deliberately_ignored(con, raw_dir):
    landed = {r[0] for r in con.execute("select sha256 from raw._files").fetchall()}
    files = sorted(p for p in raw_dir.rglob("*") if p.is_file())
    assert len(files) >= 50
    ignored = _ignored(raw_dir)
    assert all(reason.strip() for reason in ignored.values())
    # Data files (csv, xlsx, zip) are never ignored; only readmes, licences, metadata.
    assert not [p for p in ignored if p.suffix in (".xlsx", ".zip")]
    missing = [
        str(p.relative_to(raw_dir)) for p in files if _sha(p) not in landed and p not in ignored
    ]
    assert missing == []
    # An ignored file is really not landed: the list says what it says.
    assert not [p for p in ignored if _sha(p) in landed]
    # ... and every raw row points back to a landed file.
    tables = [r[0] for r in con.execute("select distinct table_name from raw._files").fetchall()]
    for table in tables:
        orphans = con.execute(
            f'select count(*) from raw."{table}" t where not exists '
            "(select 1 from raw._files f where f.sha256 = t._source_sha256)"
        ).fetchone()[0]
        assert orphans == 0, table


def test_sources_record_licence_and_publisher(con, raw_dir):
    rows = con.execute("select folder, licence, publisher_url from raw._sources").fetchall()
    # One registered source per folder of the raw snapshot: a new folder without a
    # source specification (or a specification without its folder) fails here.
    assert sorted(folder for folder, _, _ in rows) == sorted(
        p.name for p in raw_dir.iterdir() if p.is_dir()
    )
    assert all(licence and url.startswith("http") for _, licence, url in rows)


def test_historical_states_are_not_countries(con):
    rows = dict(
        con.execute(
            "select coalesce(entity_code, entity_name), entity_class "
            "from intermediate.int_source_entities_classified where source_id = 'owid_gtd'"
        ).fetchall()
    )
    for code in (
        "OWID_USS",
        "OWID_YGS",
        "OWID_CZS",
        "OWID_GDR",
        "OWID_GFR",
        "OWID_YAR",
        "OWID_SRM",
        "South Yemen",
    ):
        assert rows[code] == "historical_state", code
    assert rows["OWID_KOS"] == "country"


def _observations(con, indicator, source):
    return {
        (iso3, year): value
        for iso3, year, value in con.execute(
            "select iso3, reference_year, value from intermediate.int_indicator_observations "
            "where indicator_id = ? and source_id = ?",
            [indicator, source],
        ).fetchall()
    }


def _iso3_codes(con):
    rows = con.execute("select iso3 from intermediate.int_countries_enriched").fetchall()
    return {r[0] for r in rows}


def test_owid_homicide_values_unchanged(con, raw_dir):
    countries = _iso3_codes(con)
    obs = _observations(con, "homicide_rate", "owid_homicide")
    expected = {}
    with open(raw_dir / "owid_homicide" / "homicide-rate-unodc.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = "XKX" if row["Code"] == "OWID_KOS" else row["Code"]
            if code in countries:
                expected[(code, int(row["Year"]))] = float(
                    row["Homicide rate per 100,000 population"]
                )
    assert len(expected) > 4000
    assert obs == expected


def test_who_road_death_rate_unchanged(con, raw_dir):
    obs = _observations(con, "road_death_rate", "who_gho_road")
    expected, placeholders = {}, set()
    with open(raw_dir / "who_gho_road" / "data" / "RS_198.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if (
                row["SpatialDimension"] == "COUNTRY"
                and row["DisaggregatingDimension1ValueCode"] == "BTSX"
            ):
                key = (row["SpatialDimensionValueCode"], int(row["TimeDim"]))
                if float(row["NumericValue"]) == float(row["Low"]) == float(row["High"]) == 0:
                    placeholders.add(key)  # WHO's "0.0 [0.0-0.0]": no estimate, not a zero
                else:
                    expected[key] = float(row["NumericValue"])
    assert len(expected) + len(placeholders) == 183 * 20
    assert placeholders  # Antigua and Barbuda's and Micronesia's "0.0 [0.0-0.0]" years
    assert obs == expected
    # No road death rate of exactly 0 is read as a measurement in either WHO vintage.
    zeros = con.execute(
        "select count(*) from intermediate.int_indicator_observations "
        "where indicator_id = 'road_death_rate' and value = 0"
    ).fetchone()[0]
    assert zeros == 0
    bounds = con.execute(
        "select count(*) from intermediate.int_indicator_observations where "
        "indicator_id = 'road_death_rate' and not (lower_bound <= value and value <= upper_bound)"
    ).fetchone()[0]
    assert bounds == 0


def test_gti_scores_unchanged(con, raw_dir):
    from openpyxl import load_workbook

    wb = load_workbook(
        raw_dir / "iep_gti" / "Terrorism_Index_2023_AutoRecovered.xlsx", read_only=True
    )
    ws = wb["Terrorism index 2023"]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    i_code, i_score, i_year = header.index("iso3c"), header.index("Score"), header.index("Year")
    i_name = header.index("Country")
    rows = [r for r in rows if r[i_code]]
    # The country's code, from the years whose iso3c agrees with the name (all but
    # data year 2020, where IEP's iso3c column is misaligned: a source defect).
    code_of = {r[i_name]: r[i_code] for r in rows if int(r[i_year]) != 2020}
    misaligned = sum(1 for r in rows if int(r[i_year]) == 2020 and code_of[r[i_name]] != r[i_code])
    assert misaligned >= 70
    expected = {}
    for row in rows:
        code = code_of[row[i_name]]
        code = "XKX" if code == "KSV" else code
        expected[(code, int(row[i_year]))] = float(row[i_score])
    assert len(expected) == 1793
    obs = _observations(con, "gti_score", "iep_gti")
    assert obs.keys() == expected.keys()
    assert all(obs[k] == pytest.approx(expected[k], abs=1e-12) for k in expected)


def test_gci_editions_on_one_scale(con, raw_dir):
    with open(raw_dir / "itu_gci" / "gci-local-indicator-summary.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    usa = next(r for r in rows if r[0] == "United States")
    obs = _observations(con, "gci_score", "itu_gci")
    assert obs[("USA", 2016)] == pytest.approx(float(usa[3]) * 100)  # 2017 edition, 0-1
    assert obs[("USA", 2020)] == pytest.approx(float(usa[7]))  # 2020 edition, 0-100
    assert obs[("USA", 2023)] == pytest.approx(float(usa[9]))  # 2024 edition -> 2023


def test_gtd_rate_derived_from_world_bank_population(con, raw_dir):
    pop = {}
    with open(raw_dir / "wb_population" / "population.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pop[(row["Country Code"], int(row["Year"]))] = float(row["Value"])
    deaths = {}
    path = raw_dir / "owid_gtd" / "terrorist-attacks-fatalities-and-injuries.csv"
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            deaths[(row["Code"], int(row["Year"]))] = float(row["Terrorism deaths"])
    obs = _observations(con, "terrorism_deaths_per_100k", "owid_gtd")
    for key in [("AFG", 2019), ("NGA", 2014), ("FRA", 2015), ("IRQ", 2007)]:
        assert obs[key] == pytest.approx(deaths[key] / pop[key] * 100_000, rel=1e-12)
    # GTD lost its 1993 records: no 1993 value may appear.
    n_1993 = con.execute(
        "select count(*) from intermediate.int_indicator_observations "
        "where source_id like 'owid_gtd%' and reference_year = 1993"
    ).fetchone()[0]
    assert n_1993 == 0


def test_gtd_counts_under_former_names_are_summed(con, raw_dir):
    path = raw_dir / "owid_gtd" / "terrorist-attacks-fatalities-and-injuries.csv"
    total = 0.0
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Entity"] in ("Zaire", "Democratic Republic of Congo") and row["Year"] == "1996":
                total += float(row["Terrorist attacks"])
    assert total > 0
    assert _observations(con, "terrorist_attacks", "owid_gtd")[("COD", 1996)] == total


def test_unsd_thousands_and_cp1252(con, raw_dir):
    path = (
        raw_dir / "unsd_syb_crime" / "SYB66_328_202310_Intentional homicides and other crimes.csv"
    )
    text = path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text)))[2:]
    big = [r for r in rows if "," in r[4]]
    assert big, "the snapshot has values with thousands separators"
    code, year, value = big[0][0], int(big[0][2]), float(big[0][4].replace(",", ""))
    got = con.execute(
        "select value from intermediate.int_observations_unioned "
        "where source_id = 'unsd_syb_crime' and entity_code = ? and reference_year = ? "
        "and value = ?",
        [code, year, value],
    ).fetchall()
    assert got == [(value,)]


def test_observations_cover_every_country_of_the_reference(con):
    """The unique key is a dbt test; here: every ISO 3166 country with data in some source
    reaches the observation table (a broken join would drop whole countries)."""
    missing = con.execute(
        "select c.iso3 from intermediate.int_countries_enriched c "
        "where c.is_un_member and not exists (select 1 from "
        "intermediate.int_indicator_observations o where o.iso3 = c.iso3)"
    ).fetchall()
    assert missing == []


def test_unsd_micronesia_region_is_not_the_federated_states(con, raw_dir):
    """UNSD's "57 Micronesia" is the M49 sub-region: its homicide rates never reach FSM."""
    path = (
        raw_dir / "unsd_syb_crime" / "SYB66_328_202310_Intentional homicides and other crimes.csv"
    )
    with path.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    region_rows = {
        int(r[2]) for r in rows if r[0] == "57" and r[3].startswith("Intentional homicide rates")
    }
    assert region_rows, "the fixture row '57 Micronesia' is in the snapshot"
    fsm = con.execute(
        "select reference_year from intermediate.int_indicator_observations "
        "where iso3 = 'FSM' and source_id = 'unsd_syb_crime' and source_entity_code = '57'"
    ).fetchall()
    assert fsm == []
    cls = con.execute(
        "select entity_class, match_method from intermediate.int_source_entities_classified "
        "where source_id = 'unsd_syb_crime' and entity_code = '57'"
    ).fetchall()
    assert cls == [("region", "m49_area_code")]


def test_gti_scores_follow_the_country_name_not_the_misaligned_iso3c(con, raw_dir):
    """GTI 2023 workbook, data year 2020: the row coded LKA is DR Congo (a source defect)."""
    import openpyxl

    book = openpyxl.load_workbook(
        raw_dir / "iep_gti" / "Terrorism_Index_2023_AutoRecovered.xlsx", read_only=True
    )
    sheet = book["Terrorism index 2023"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_name = {
        (r[1], int(r[8])): float(r[3])
        for r in rows
        if r[1] and r[8] is not None and r[3] is not None
    }
    conflicts = [r for r in rows if r[8] == 2020 and r[0] == "LKA"]
    assert conflicts and conflicts[0][1] == "Democratic Republic of the Congo"
    scores = dict(
        con.execute(
            "select iso3, value from intermediate.int_indicator_observations "
            "where source_id = 'iep_gti' and indicator_id = 'gti_score' and reference_year = 2020"
        ).fetchall()
    )
    assert scores["COD"] == pytest.approx(by_name[("Democratic Republic of the Congo", 2020)])
    assert scores["LKA"] == pytest.approx(by_name[("Sri Lanka", 2020)])
    listed = con.execute(
        "select count(*) from intermediate.int_source_entities_classified "
        "where source_id = 'iep_gti' and is_code_name_conflict"
    ).fetchone()[0]
    assert listed == 80  # every misaligned row of data year 2020 is listed
