"""Small raw files in the real sources' formats, written by the tests themselves."""

from __future__ import annotations

from pathlib import Path

HOMICIDE_HEADER = (
    'Entity,Code,Year,"Homicide rate per 100,000 population",World region according to OWID\n'
)
HOMICIDE_ROWS = (
    "Albania,ALB,2020,2.1,Europe\n"
    "Albania,ALB,2021,2.3,\n"
    "Brazil,BRA,2021,22.4,South America\n"
    "World,OWID_WRL,2021,5.8,\n"
)

UNSD_TEXT = (
    "T12,Intentional homicides and other crimes,,,,,\n"
    "Region/Country/Area,,Year,Series,Value,Footnotes,Source\n"
    '8,Albania,2020,"Intentional homicide rates per 100,000",2.1,,"UNODC"\n'
    '76,Brazil,2020,"Theft at the national level, rate per 100,000 population",'
    '"1,322.6",,"UNODC"\n'
    '384,Côte d’Ivoire,2015,"Intentional homicide rates per 100,000",11.2,Estimate.,"UNODC"\n'
)


def write_homicide(raw: Path, rows: str = HOMICIDE_ROWS, header: str = HOMICIDE_HEADER) -> Path:
    path = raw / "owid_homicide" / "homicide-rate-unodc.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + rows, encoding="utf-8")
    return path


def write_unsd(raw: Path, text: str = UNSD_TEXT, encoding: str = "cp1252") -> Path:
    path = raw / "unsd_syb_crime" / "SYB66_328_202310_Intentional homicides and other crimes.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


GTI_HEADER = [
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
]


def write_gti(raw: Path, sheet: str = "Terrorism index 2023", rows=None) -> Path:
    from openpyxl import Workbook

    path = raw / "iep_gti" / "Terrorism_Index_2023_AutoRecovered.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(GTI_HEADER)
    for row in rows or [
        ["IRQ", "Iraq", 1, 9.59996702805924, 1288, 2086, 5050, 16, 2012, " Middle East", "Asia"],
        ["ISL", "Iceland", 93, 0, 0, 0, 0, 0, 2012, "Europe", "Europe"],
    ]:
        ws.append(row)
    wb.create_sheet("Region").append(["Country Name", "Regional Location", "Region "])
    wb.save(path)
    return path
