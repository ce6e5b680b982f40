"""Small raw files in the real sources' formats, written by the tests themselves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from gpsi.registry import source_by_id


def spec_header(source_id: str, table: str) -> list[str]:
    """A raw table's exact header, read from the source's specification (its YAML)."""
    (spec,) = [f for f in source_by_id(source_id).files if f.table == table]
    return list(spec.columns)


def csv_line(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


HOMICIDE_HEADER = csv_line(spec_header("owid_homicide", "owid_homicide__homicide_rate"))
HOMICIDE_ROWS = (
    "Albania,ALB,2020,2.1,Europe\n"
    "Albania,ALB,2021,2.3,\n"
    "Brazil,BRA,2021,22.4,South America\n"
    "World,OWID_WRL,2021,5.8,\n"
)

UNSD_TEXT = (
    "T12,Intentional homicides and other crimes,,,,,\n"
    + csv_line(spec_header("unsd_syb_crime", "unsd_syb_crime__crime_series"))
    + '8,Albania,2020,"Intentional homicide rates per 100,000",2.1,,"UNODC"\n'
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


GTI_HEADER = spec_header("iep_gti", "iep_gti__country_scores")


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
