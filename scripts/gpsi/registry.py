"""The source registry: every raw file the warehouse lands, and what it must look like.

One ``Source`` per folder of the raw directory (see ``SOURCES.md`` in the shared data
folder). Each ``FileSpec`` names the file(s), the raw table they land in, and the
expectations the loader checks before anything is written: encoding, header line,
exact header, numeric columns. Adding a source means adding an entry here, a staging
model, and (if it feeds the index) seed rows: nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Bump when the landing logic changes in a way that changes raw rows, so that
# unchanged files are re-landed once instead of being skipped by their hash.
LOADER_VERSION = "1"

DEFAULT_NA_TOKENS = frozenset({"", "..", "#N/A", "NA", "N/A"})


@dataclass(frozen=True)
class FileSpec:
    """One file (or a family of same-shaped files) landing in one raw table."""

    pattern: str
    table: str
    kind: str = "csv"  # csv | xlsx
    encoding: str = "utf-8-sig"
    header_line: int = 1  # 1-based line (csv) or row (xlsx) of the header
    sheet: str | None = None
    # Exact expected header (original names, in order). None: use ``header_prefix``
    # followed by four-digit year columns (WDI wide format).
    columns: tuple[str, ...] | None = None
    header_prefix: tuple[str, ...] = ()
    rest_pattern: str = r"^\d{4}$"  # with header_prefix: what every further name must match
    trailing_blank_column: bool = False  # header ends with an empty name (WDI, ITU)
    numeric: tuple[str, ...] = ()  # original column names that must hold numbers
    thousands_separator: str | None = None  # accepted inside numeric values
    na_tokens: frozenset[str] = DEFAULT_NA_TOKENS
    # Positional data layout when the header lies about it (a spurious duplicate).
    data_columns: tuple[str, ...] | None = None
    many: bool = False  # pattern may match several files with the same header
    allow_extra_cells: bool = False  # xlsx: stray cells right of the header are kept
    quirk: str = ""  # documented quirk handled by the loader, recorded in the manifest
    # The file is a zip archive as published: land this member of it (the archive's
    # sha256 is recorded; the member is read in memory, capped at MAX_MEMBER_BYTES).
    member: str | None = None
    # Land the columns under these names, by position, whatever the header says (for a
    # header that drifts between vintages); the published names stay in raw._columns.
    landed_names: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Source:
    source_id: str
    folder: str
    name: str
    publisher: str
    publisher_url: str
    licence: str
    dimension: str
    files: tuple[FileSpec, ...]
    # file name inside the folder -> live URL; a URL ending in .zip is unpacked.
    live_urls: dict[str, str] = field(default_factory=dict)
    manual_reason: str = ""  # non-empty: cannot be fetched, must be supplied by hand
    # Files of the folder deliberately not landed: (glob pattern, reason).
    ignored: tuple[tuple[str, str], ...] = ()


OWID_LONG = ("Entity", "Code", "Year")
WHO_GHO_COLUMNS = (
    "Id",
    "IndicatorCode",
    "SpatialDimension",
    "SpatialDimensionValueCode",
    "TimeDimension",
    "TimeDim",
    "DisaggregatingDimension1",
    "DisaggregatingDimension1ValueCode",
    "DisaggregatingDimension2",
    "DisaggregatingDimension2ValueCode",
    "DisaggregatingDimension3",
    "DisaggregatingDimension3ValueCode",
    "DataSourceDimension",
    "DataSourceDimensionValueCode",
    "Value",
    "NumericValue",
    "Low",
    "High",
    "Comments",
    "Date",
    "TimeDimensionValue",
    "TimeDimensionBegin",
    "TimeDimensionEnd",
)
WHO_CODE_COLUMNS = ("Dimension", "Code", "Title", "ParentDimension", "ParentCode", "ParentTitle")
WDI_PREFIX = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
GTD_2018_COLUMNS = (
    "Entity",
    "Year",
    "Terrorism Fatalities (GTD)",
    "Number of terrorist incidents (GDT, 2018)",
    "Number of successful terrorist incidents (GDT, 2018)",
    "Number of unsuccessful terrorist incidents (GDT, 2018)",
    "Share of terrorist incidents successful (GDT, 2018)",
    "Number of suicide terrorist incidents (GDT, 2018)",
    "Number of non-suicide terrorist incidents (GDT, 2018)",
    "Share of terrorist incidents with suicide attempt (GDT, 2018)",
    "Number wounded from terrorist attacks (GDT, 2018)",
    "Number of incidents which resulted in fatality (GDT, 2018)",
    "Share of terrorist incidents with at least one fatality (GDT, 2018)",
    "Average fatalities per incident (GDT, 2018)",
)
COUNTRY_CODES_COLUMNS = (
    "FIFA",
    "Dial",
    "ISO3166-1-Alpha-3",
    "MARC",
    "is_independent",
    "ISO3166-1-numeric",
    "GAUL",
    "FIPS",
    "WMO",
    "ISO3166-1-Alpha-2",
    "ITU",
    "IOC",
    "DS",
    "UNTERM Spanish Formal",
    "Global Code",
    "Intermediate Region Code",
    "official_name_fr",
    "UNTERM French Short",
    "ISO4217-currency_name",
    "UNTERM Russian Formal",
    "UNTERM English Short",
    "ISO4217-currency_alphabetic_code",
    "Small Island Developing States (SIDS)",
    "UNTERM Spanish Short",
    "ISO4217-currency_numeric_code",
    "UNTERM Chinese Formal",
    "UNTERM French Formal",
    "UNTERM Russian Short",
    "M49",
    "Sub-region Code",
    "Region Code",
    "official_name_ar",
    "ISO4217-currency_minor_unit",
    "UNTERM Arabic Formal",
    "UNTERM Chinese Short",
    "Land Locked Developing Countries (LLDC)",
    "Intermediate Region Name",
    "official_name_es",
    "UNTERM English Formal",
    "official_name_cn",
    "official_name_en",
    "ISO4217-currency_country_name",
    "Least Developed Countries (LDC)",
    "Region Name",
    "UNTERM Arabic Short",
    "Sub-region Name",
    "official_name_ru",
    "Global Name",
    "Capital",
    "Continent",
    "TLD",
    "Languages",
    "Geoname ID",
    "CLDR display name",
    "EDGAR",
    "wikidata_id",
)

WHO_PORTAL_COLUMNS = (
    "IndicatorCode",
    "Indicator",
    "ValueType",
    "ParentLocationCode",
    "ParentLocation",
    "Location type",
    "SpatialDimValueCode",
    "Location",
    "Period type",
    "Period",
    "IsLatestYear",
    "Dim1 type",
    "Dim1",
    "Dim1ValueCode",
    "Dim2 type",
    "Dim2",
    "Dim2ValueCode",
    "Dim3 type",
    "Dim3",
    "Dim3ValueCode",
    "DataSourceDimValueCode",
    "DataSource",
    "FactValueNumericPrefix",
    "FactValueNumeric",
    "FactValueUoM",
    "FactValueNumericLowPrefix",
    "FactValueNumericLow",
    "FactValueNumericHighPrefix",
    "FactValueNumericHigh",
    "Value",
    "FactValueTranslationID",
    "FactComments",
    "Language",
    "DateModified",
)
OWID_UNDERNOURISHMENT = FileSpec(
    pattern="prevalence-of-undernourishment.csv",
    table="owid_undernourishment__prevalence",
    header_prefix=OWID_LONG,
    rest_pattern=r"(?i)^2\.1\.1 prevalence of undernourishment",
    landed_names=("entity", "code", "year", "prevalence_pct"),
    numeric=("Year",),
    quirk="the value column's header changes between OWID vintages: it is matched by "
    "pattern and landed by position as prevalence_pct; 2.5 means '<2.5%' (FAO floor)",
)
OWID_UNDERNOURISHMENT_IGNORED = (
    (
        "prevalence-of-undernourishment.metadata.json",
        "OWID chart metadata (titles, FAO citation): recorded in SOURCES.md, no data",
    ),
    ("readme.md", "OWID's readme for the chart download: no data"),
)

OWID = "Our World in Data"
OWID_URL = "https://ourworldindata.org"
GRAPHER = "https://ourworldindata.org/grapher/"

SOURCES: tuple[Source, ...] = (
    Source(
        source_id="owid_homicide",
        folder="owid_homicide",
        name="UNODC intentional homicide rate (OWID republication)",
        publisher="UNODC, republished by Our World in Data",
        publisher_url="https://ourworldindata.org/grapher/homicide-rate-unodc",
        licence="CC BY 4.0 (OWID processing); UNODC terms of use",
        dimension="public_order",
        files=(
            FileSpec(
                pattern="homicide-rate-unodc.csv",
                table="owid_homicide__homicide_rate",
                columns=(
                    *OWID_LONG,
                    "Homicide rate per 100,000 population",
                    "World region according to OWID",
                ),
                numeric=("Year", "Homicide rate per 100,000 population"),
            ),
        ),
        live_urls={"homicide-rate-unodc.csv": GRAPHER + "homicide-rate-unodc.csv"},
    ),
    Source(
        source_id="unsd_syb_crime",
        folder="unsd_syb_crime",
        name="UN Statistical Yearbook 66, table T12: intentional homicides and other crimes",
        publisher="UN Statistics Division (data from UNODC)",
        publisher_url="https://unstats.un.org/UNSDWebsite/publications/statistical-yearbook/",
        licence="UNdata terms of use (free with attribution)",
        dimension="public_order",
        files=(
            FileSpec(
                pattern="SYB66_328_202310_Intentional homicides and other crimes.csv",
                table="unsd_syb_crime__crime_series",
                encoding="cp1252",
                header_line=2,
                columns=(
                    "Region/Country/Area",
                    "",
                    "Year",
                    "Series",
                    "Value",
                    "Footnotes",
                    "Source",
                ),
                numeric=("Region/Country/Area", "Year", "Value"),
                thousands_separator=",",
            ),
        ),
        live_urls={
            "SYB66_328_202310_Intentional homicides and other crimes.csv": "https://data.un.org/_Docs/SYB/CSV/"
            "SYB66_328_202310_Intentional%20homicides%20and%20other%20crimes.csv",
        },
    ),
    Source(
        source_id="wb_wdi",
        folder="wb_wdi",
        name="World Development Indicators bulk CSV (VC.IHR.PSRC.P5, SP.POP.TOTL)",
        publisher="World Bank",
        publisher_url="https://data.worldbank.org",
        licence="CC BY 4.0",
        dimension="public_order",
        files=(
            FileSpec(
                pattern="API_VC.IHR.PSRC.P5_DS2_en_csv_v2_*.csv",
                table="wb_wdi__homicide_rate",
                header_line=5,
                header_prefix=WDI_PREFIX,
                trailing_blank_column=True,
            ),
            FileSpec(
                pattern="API_SP.POP.TOTL_DS2_en_csv_v2_*.csv",
                table="wb_wdi__population",
                header_line=5,
                header_prefix=WDI_PREFIX,
                trailing_blank_column=True,
            ),
        ),
        live_urls={
            "API_VC.IHR.PSRC.P5_DS2_en_csv_v2_*.csv": "https://api.worldbank.org/v2/en/indicator/VC.IHR.PSRC.P5?downloadformat=csv",
            "API_SP.POP.TOTL_DS2_en_csv_v2_*.csv": "https://api.worldbank.org/v2/en/indicator/SP.POP.TOTL?downloadformat=csv",
        },
    ),
    Source(
        source_id="iep_gti",
        folder="iep_gti",
        name="Global Terrorism Index 2023, country-year scores 2012-2022",
        publisher="Institute for Economics & Peace",
        publisher_url="https://www.visionofhumanity.org/maps/global-terrorism-index/",
        licence="IEP terms: non-commercial use with attribution",
        dimension="terrorism",
        files=(
            FileSpec(
                pattern="Terrorism_Index_2023_AutoRecovered.xlsx",
                table="iep_gti__country_scores",
                kind="xlsx",
                sheet="Terrorism index 2023",
                columns=(
                    "iso3c",
                    "Country",
                    "Rank",
                    "Score",
                    "Incidents",
                    "Fatalities",
                    "Injuries",
                    "Hostages",
                    "Year",
                    "Regional Location ",
                    "Region",
                ),
                numeric=(
                    "Rank",
                    "Score",
                    "Incidents",
                    "Fatalities",
                    "Injuries",
                    "Hostages",
                    "Year",
                ),
                allow_extra_cells=True,
                quirk="stray cells right of the header are kept as extra_<n> columns; "
                "the other sheets are pivot tables derived from this one",
            ),
        ),
        manual_reason="IEP publishes the GTI workbook behind a form at visionofhumanity.org "
        "with no stable file URL: download it by hand into iep_gti/",
    ),
    Source(
        source_id="owid_gtd",
        folder="owid_gtd",
        name="Global Terrorism Database aggregates to 2021 (OWID)",
        publisher="START, University of Maryland, aggregated by Our World in Data",
        publisher_url="https://www.start.umd.edu/gtd/",
        licence="GTD terms: non-commercial use; OWID processing CC BY 4.0",
        dimension="terrorism",
        files=(
            FileSpec(
                pattern="terrorist-attacks-fatalities-and-injuries.csv",
                table="owid_gtd__attacks_fatalities_injuries",
                columns=(
                    *OWID_LONG,
                    "Terrorist attacks",
                    "Terrorism non-fatal injuries",
                    "Terrorism deaths",
                ),
                numeric=(
                    "Year",
                    "Terrorist attacks",
                    "Terrorism non-fatal injuries",
                    "Terrorism deaths",
                ),
            ),
            FileSpec(
                pattern="terrorism-deaths-rate.csv",
                table="owid_gtd__deaths_rate",
                columns=(*OWID_LONG, "Terrorism deaths per 100,000 people"),
                numeric=("Year", "Terrorism deaths per 100,000 people"),
            ),
            FileSpec(
                pattern="terrorist-attacks.csv",
                table="owid_gtd__attacks",
                columns=(*OWID_LONG, "Terrorist attacks"),
                numeric=("Year", "Terrorist attacks"),
            ),
            FileSpec(
                pattern="terrorism-deaths.csv",
                table="owid_gtd__deaths",
                columns=(*OWID_LONG, "Terrorism deaths"),
                numeric=("Year", "Terrorism deaths"),
            ),
            FileSpec(
                pattern="injuries-from-terrorist-attacks.csv",
                table="owid_gtd__injuries",
                columns=(*OWID_LONG, "Terrorism non-fatal injuries"),
                numeric=("Year", "Terrorism non-fatal injuries"),
            ),
        ),
        live_urls={
            f"{stem}.csv": f"{GRAPHER}{stem}.csv"
            for stem in (
                "terrorist-attacks-fatalities-and-injuries",
                "terrorism-deaths-rate",
                "terrorist-attacks",
                "terrorism-deaths",
                "injuries-from-terrorist-attacks",
            )
        },
    ),
    Source(
        source_id="owid_gtd_2018",
        folder="owid_gtd_2018",
        name="Global Terrorism Database aggregates to 2017 (OWID datasets, 2018 vintage)",
        publisher="START, University of Maryland, aggregated by Our World in Data",
        publisher_url="https://github.com/owid/owid-datasets",
        licence="GTD terms: non-commercial use; OWID processing CC BY 4.0",
        dimension="terrorism",
        files=(
            FileSpec(
                pattern="terrorism_incidents_fatalities_injuries_gtd_2018.csv",
                table="owid_gtd_2018__incidents_fatalities_injuries",
                columns=GTD_2018_COLUMNS,
                numeric=GTD_2018_COLUMNS[1:],
            ),
        ),
        manual_reason="an archived vintage (owid-datasets repository), kept for vintage "
        "comparison; it is not republished",
        ignored=(
            ("datapackage.json", "the owid-datasets package descriptor (column titles): no data"),
        ),
    ),
    Source(
        source_id="itu_gci",
        folder="itu_gci",
        name="ITU Global Cybersecurity Index, editions 2014-2024 (SSPI transcription)",
        publisher="International Telecommunication Union, transcribed by the SSPI project",
        publisher_url="https://www.itu.int/en/ITU-D/Cybersecurity/Pages/"
        "global-cybersecurity-index.aspx",
        licence="ITU copyright: reuse with attribution, non-commercial",
        dimension="cybersecurity",
        files=(
            FileSpec(
                pattern="gci-local-indicator-summary.csv",
                table="itu_gci__edition_scores",
                columns=(
                    "Country",
                    "2014",
                    "Globa Rank",
                    "2017",
                    "Global Rank",
                    "2018",
                    "Global Rank",
                    "2020",
                    "Global Rank",
                    "2024",
                    "Global Rank",
                    "",
                ),
                numeric=("2014", "Globa Rank", "2017", "Global Rank", "2018", "2020", "2024"),
                trailing_blank_column=True,
            ),
        ),
        manual_reason="ITU publishes the GCI as PDF reports; the table is a transcription "
        "and must be supplied by hand into itu_gci/",
    ),
    Source(
        source_id="cyber_indexes",
        folder="cyber_indexes",
        name="Cybersecurity index compilation (CEI 2020, GCI 2020, NCSI, DDL)",
        publisher="Comparitech, ITU, e-Governance Academy (Kaggle compilation)",
        publisher_url="https://ncsi.ega.ee",
        licence="unknown (compilation); cross-check only",
        dimension="cybersecurity",
        files=(
            FileSpec(
                pattern="Cyber_security.csv",
                table="cyber_indexes__country_scores",
                columns=("Country", "Region", "CEI", "GCI", "NCSI", "DDL"),
                numeric=("CEI", "GCI", "NCSI", "DDL"),
            ),
        ),
        manual_reason="a Kaggle compilation with no publisher URL: supply by hand",
    ),
    Source(
        source_id="who_gho_road",
        folder="who_gho_road",
        name="WHO Global Health Observatory: road traffic mortality",
        publisher="World Health Organization",
        publisher_url="https://www.who.int/data/gho/data/themes/topics/topic-details/GHO/"
        "road-traffic-mortality",
        licence="CC BY-NC-SA 3.0 IGO",
        dimension="road_safety",
        files=(
            FileSpec(
                pattern="data/RS_*.csv",
                table="who_gho_road__observations",
                columns=WHO_GHO_COLUMNS,
                numeric=("Id", "TimeDim", "NumericValue", "Low", "High"),
                many=True,
            ),
            FileSpec(
                pattern="codes/*.csv",
                table="who_gho_road__code_lists",
                columns=WHO_CODE_COLUMNS,
                many=True,
            ),
        ),
        manual_reason="the GHO topic download is a zip built by the portal; use the "
        "GHO OData API (https://ghoapi.azureedge.net/api/RS_198) to refresh by hand",
        ignored=(("README.txt", "the GHO topic download's readme: no data"),),
    ),
    Source(
        source_id="ihme_road_owid",
        folder="ihme_road_owid",
        name="IHME GBD 2017 road injury deaths (OWID republication)",
        publisher="IHME Global Burden of Disease, republished by Our World in Data",
        publisher_url="https://ourworldindata.org/grapher/death-rates-road-incidents",
        licence="IHME free-of-charge non-commercial; OWID processing CC BY 4.0",
        dimension="road_safety",
        files=(
            FileSpec(
                pattern="death-rates-road-incidents.csv",
                table="ihme_road_owid__death_rates",
                columns=(
                    *OWID_LONG,
                    "Deaths - Road injuries - Sex: Both - Age: "
                    "Age-standardized (Rate) (deaths per 100,000 individuals)",
                ),
                numeric=(
                    "Year",
                    "Deaths - Road injuries - Sex: Both - Age: "
                    "Age-standardized (Rate) (deaths per 100,000 individuals)",
                ),
            ),
            FileSpec(
                pattern="number-of-deaths-from-road-injuries.csv",
                table="ihme_road_owid__death_counts",
                columns=(*OWID_LONG, "Year", "Road injury deaths (deaths)"),
                data_columns=(*OWID_LONG, "Road injury deaths (deaths)"),
                numeric=("Year", "Road injury deaths (deaths)"),
                quirk="the header repeats 'Year' but data rows have 4 fields: the second "
                "'Year' is spurious and is not landed",
            ),
        ),
        live_urls={
            "death-rates-road-incidents.csv": GRAPHER + "death-rates-road-incidents.csv",
            "number-of-deaths-from-road-injuries.csv": GRAPHER
            + "number-of-deaths-from-road-injuries.csv",
        },
    ),
    Source(
        source_id="wb_population",
        folder="wb_population",
        name="World Bank total population (SP.POP.TOTL), datahub.io long republication",
        publisher="World Bank, republished by datahub.io",
        publisher_url="https://datahub.io/core/population",
        licence="ODC-PDDL (data CC BY 4.0)",
        dimension="reference",
        files=(
            FileSpec(
                pattern="population.csv",
                table="wb_population__population",
                columns=("Country Name", "Country Code", "Year", "Value"),
                numeric=("Year", "Value"),
            ),
        ),
        live_urls={
            "population.csv": "https://datahub.io/core/population/r/population.csv",
        },
        ignored=(
            ("datapackage.json", "datahub.io's package descriptor (licence, schema): no data"),
        ),
    ),
    Source(
        source_id="country_codes",
        folder="country_codes",
        name="datahub.io country codes (ISO 3166, M49, UNTERM, CLDR)",
        publisher="datahub.io (from ISO, UN Statistics Division and others)",
        publisher_url="https://datahub.io/core/country-codes",
        licence="ODC-PDDL",
        dimension="reference",
        files=(
            FileSpec(
                pattern="country-codes.csv",
                table="country_codes__countries",
                columns=COUNTRY_CODES_COLUMNS,
            ),
        ),
        live_urls={
            "country-codes.csv": "https://datahub.io/core/country-codes/r/country-codes.csv",
        },
    ),
    Source(
        source_id="iso3166",
        folder="iso3166",
        name="ISO 3166 countries with UN M49 regional codes",
        publisher="lukes/ISO-3166-Countries-with-Regional-Codes (from ISO and UNSD)",
        publisher_url="https://github.com/lukes/ISO-3166-Countries-with-Regional-Codes",
        licence="CC BY-SA 4.0",
        dimension="reference",
        files=(
            FileSpec(
                pattern="all.csv",
                table="iso3166__countries",
                columns=(
                    "name",
                    "alpha-2",
                    "alpha-3",
                    "country-code",
                    "iso_3166-2",
                    "region",
                    "sub-region",
                    "intermediate-region",
                    "region-code",
                    "sub-region-code",
                    "intermediate-region-code",
                ),
            ),
        ),
        live_urls={
            "all.csv": "https://raw.githubusercontent.com/lukes/"
            "ISO-3166-Countries-with-Regional-Codes/master/all/all.csv",
        },
        ignored=(
            (
                "LICENSE.md",
                "the repository's licence text (CC BY-SA 4.0), recorded in raw._sources",
            ),
        ),
    ),
    Source(
        source_id="wb_income",
        folder="wb_income",
        name="World Bank country classifications (CLASS FY2025, OGHIST FY89-FY25)",
        publisher="World Bank",
        publisher_url="https://datahelpdesk.worldbank.org/knowledgebase/articles/"
        "906519-world-bank-country-and-lending-groups",
        licence="CC BY 4.0",
        dimension="reference",
        files=(
            FileSpec(
                pattern="CLASS.xlsx",
                table="wb_income__class_economies",
                kind="xlsx",
                sheet="List of economies",
                columns=("Economy", "Code", "Region", "Income group", "Lending category"),
            ),
            FileSpec(
                pattern="CLASS.xlsx",
                table="wb_income__class_compositions",
                kind="xlsx",
                sheet="compositions",
                columns=("WB_Group_Code", "WB_Group_Name", "WB_Country_Code", "WB_Country_Name"),
            ),
            FileSpec(
                pattern="OGHIST.xlsx",
                table="wb_income__oghist_history",
                kind="xlsx",
                sheet="Country Analytical History",
                header_line=5,
                header_prefix=("", "Bank's fiscal year:"),
                rest_pattern=r"^FY\d{2}$",
                quirk="header (fiscal years) on row 5; row 6 gives the GNI data year of "
                "each fiscal year; threshold and note rows are landed as rows",
            ),
        ),
        live_urls={
            "CLASS.xlsx": "https://ddh-openapi.worldbank.org/resources/DR0095333/download",
            "OGHIST.xlsx": "https://ddh-openapi.worldbank.org/resources/DR0095334/download",
        },
    ),
    Source(
        source_id="gfsi",
        folder="gfsi",
        name="Economist Impact Global Food Security Index 2021",
        publisher="Economist Impact",
        publisher_url="https://impact.economist.com/sustainability/project/food-security-index/",
        licence="Economist Impact terms: non-commercial use with attribution",
        dimension="food_security",
        files=(
            FileSpec(
                pattern="full_economist_fs_index.csv",
                table="gfsi__pillar_scores",
                columns=("ranking", "country", "score", "indicator", "iso_code"),
                numeric=("score",),
            ),
        ),
        manual_reason="Economist Impact distributes the GFSI workbook behind a "
        "registration form: supply by hand",
    ),
    Source(
        source_id="who_gho_road_2023",
        folder="who_gho_road_2023",
        name="WHO GHO road traffic deaths, Global status report on road safety 2023 (data 2021)",
        publisher="World Health Organization",
        publisher_url="https://www.who.int/data/gho/data/indicators/indicator-details/GHO/"
        "estimated-road-traffic-death-rate-(per-100-000-population)",
        licence="CC BY-NC-SA 3.0 IGO",
        dimension="road_safety",
        files=(
            FileSpec(
                pattern="estimated_*.csv",
                table="who_gho_road_2023__observations",
                columns=WHO_PORTAL_COLUMNS,
                numeric=(
                    "Period",
                    "FactValueNumeric",
                    "FactValueNumericLow",
                    "FactValueNumericHigh",
                ),
                many=True,
                quirk="GHO portal export (34 columns), both sexes only, year 2021 only; a new "
                "model vintage, not comparable with who_gho_road (2000-2019)",
            ),
        ),
        manual_reason="the GHO portal's 'Export data' CSV has no stable URL; the same values "
        "come from https://ghoapi.azureedge.net/api/RS_198 (JSON, other field names)",
    ),
    Source(
        source_id="wb_wgi",
        folder="wb_wgi",
        name="Worldwide Governance Indicators 2025: Political Stability and Absence of "
        "Violence/Terrorism (PV.EST)",
        publisher="World Bank",
        publisher_url="https://www.worldbank.org/en/publication/worldwide-governance-indicators",
        licence="CC BY 4.0",
        dimension="social_stability",
        files=(
            FileSpec(
                pattern="API_PV.EST_DS2_en_csv_v2_*.csv",
                table="wb_wgi__political_stability",
                header_line=5,
                header_prefix=WDI_PREFIX,
                trailing_blank_column=True,
            ),
            FileSpec(
                pattern="Metadata_Country_API_PV.EST_DS2_en_csv_v2_*.csv",
                table="wb_wgi__country_metadata",
                columns=("Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName", ""),
                trailing_blank_column=True,
                quirk="SpecialNotes holds line breaks inside quoted fields; Region is blank for "
                "the World Bank's aggregates",
            ),
        ),
        live_urls={
            "API_PV.EST_DS2_en_csv_v2_*.csv": "https://api.worldbank.org/v2/en/indicator/"
            "PV.EST?downloadformat=csv",
        },
        ignored=(
            (
                "Metadata_Indicator_API_PV.EST_DS2_en_csv_v2_*.csv",
                "the indicator's definition text (one row): quoted in SOURCES.md and the "
                "indicator seed, no data",
            ),
        ),
    ),
    Source(
        source_id="owid_conflict_deaths",
        folder="owid_conflict_deaths",
        name="Deaths in armed conflicts and organised violence (UCDP, OWID aggregation)",
        publisher="Uppsala Conflict Data Program, aggregated by Our World in Data",
        publisher_url="https://ourworldindata.org/grapher/deaths-in-armed-conflicts",
        licence="CC BY 4.0 (UCDP data and OWID processing)",
        dimension="social_stability",
        files=(
            FileSpec(
                pattern="deaths-in-armed-conflicts.csv",
                table="owid_conflict_deaths__deaths",
                columns=(*OWID_LONG, "High estimate", "Best estimate", "Low estimate"),
                numeric=("Year", "High estimate", "Best estimate", "Low estimate"),
                quirk="no newline after the last row; 'Micronesia' has a blank code",
            ),
        ),
        live_urls={"deaths-in-armed-conflicts.csv": GRAPHER + "deaths-in-armed-conflicts.csv"},
    ),
    Source(
        source_id="nd_gain",
        folder="nd_gain",
        name="ND-GAIN Country Index, 2022 release (data 1995-2020)",
        publisher="University of Notre Dame Global Adaptation Initiative",
        publisher_url="https://gain.nd.edu/our-work/country-index/download-data/",
        licence="free and open data, reuse with attribution (ND-GAIN terms)",
        dimension="ecological_security",
        files=(
            FileSpec(
                pattern="*.csv",
                table="nd_gain__country_series",
                encoding="utf-8",
                header_prefix=("ISO3", "Name"),
                many=True,
                quirk="one file per series (gain, vulnerability, readiness); Name is cut at "
                "32 characters, so ISO3 is the key",
            ),
        ),
        manual_reason="ND-GAIN publishes a zip per release (resources/<series>/<series>.csv); "
        "unpack the three CSVs by hand into nd_gain/",
    ),
    Source(
        source_id="wb_wdi_econ",
        folder="wb_wdi_econ",
        name="World Development Indicators: inflation, unemployment, GDP growth "
        "(release of 2026-04-08)",
        publisher="World Bank",
        publisher_url="https://data.worldbank.org",
        licence="CC BY 4.0",
        dimension="economic_security",
        files=(
            FileSpec(
                pattern="API_*_DS2_en_csv_v2_*.csv",
                table="wb_wdi_econ__indicators",
                header_line=5,
                header_prefix=WDI_PREFIX,
                trailing_blank_column=True,
                many=True,
                quirk="one WDI bulk file per indicator, same layout; the Indicator Code column "
                "tells them apart",
            ),
        ),
        live_urls={
            f"API_{code}_DS2_en_csv_v2_*.csv": "https://api.worldbank.org/v2/en/indicator/"
            f"{code}?downloadformat=csv"
            for code in ("FP.CPI.TOTL.ZG", "SL.UEM.TOTL.ZS", "NY.GDP.MKTP.KD.ZG")
        },
    ),
    Source(
        source_id="owid_undernourishment",
        folder="owid_undernourishment",
        name="Prevalence of undernourishment, SDG 2.1.1 (FAO 2025 via OWID, 2026 download)",
        publisher="FAO, republished by Our World in Data",
        publisher_url="https://ourworldindata.org/grapher/prevalence-of-undernourishment",
        licence="CC BY 4.0 (FAO statistical databases; OWID processing)",
        dimension="food_security",
        files=(OWID_UNDERNOURISHMENT,),
        live_urls={
            "prevalence-of-undernourishment.csv": GRAPHER + "prevalence-of-undernourishment.csv"
        },
        ignored=OWID_UNDERNOURISHMENT_IGNORED,
    ),
    Source(
        source_id="owid_undernourishment_2025",
        folder="owid_undernourishment_2025",
        name="Prevalence of undernourishment, SDG 2.1.1 (FAO via OWID, 2025 download, "
        "earlier vintage)",
        publisher="FAO, republished by Our World in Data",
        publisher_url="https://ourworldindata.org/grapher/prevalence-of-undernourishment",
        licence="CC BY 4.0 (FAO statistical databases; OWID processing)",
        dimension="food_security",
        files=(
            FileSpec(
                pattern="prevalence-of-undernourishment.zip",
                table="owid_undernourishment_2025__prevalence",
                member="prevalence-of-undernourishment.csv",
                header_prefix=OWID_LONG,
                rest_pattern=OWID_UNDERNOURISHMENT.rest_pattern,
                landed_names=OWID_UNDERNOURISHMENT.landed_names,
                numeric=("Year",),
                quirk="read from the zip as OWID serves it; " + OWID_UNDERNOURISHMENT.quirk,
            ),
        ),
        manual_reason="an archived vintage (2025-11-26 download), kept for vintage comparison",
    ),
)


def source_by_id(source_id: str) -> Source:
    for source in SOURCES:
        if source.source_id == source_id:
            return source
    known = ", ".join(s.source_id for s in SOURCES)
    raise KeyError(f"unknown source '{source_id}' (known: {known})")
