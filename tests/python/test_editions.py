"""Editions: each publish with a new method version or new data is an edition kept in
the warehouse, earlier editions' headlines stay queryable, and a revision since the
previous edition is attributed to the source whose value changed."""

from __future__ import annotations

import json

import duckdb
import pytest

pytestmark = pytest.mark.warehouse


def test_the_published_build_is_an_archived_edition(con):
    editions = con.execute(
        "select edition_id, method_version, data_fingerprint, published_at, is_current "
        "from marts.dim_edition order by edition_id"
    ).fetchall()
    current = [e for e in editions if e[4]]
    assert len(current) == 1 and current[0][3] is not None  # dated when published
    method = con.execute("select method_version from marts.dim_method").fetchone()[0]
    assert current[0][1] == method
    archived = con.execute("select edition_id from raw._editions").fetchall()
    assert (current[0][0],) in archived
    # its headline is kept as published
    differ = con.execute(
        "select count(*) from raw._edition_gpsi e join marts.fct_gpsi g using (iso3, year) "
        "where e.edition_id = ? and e.gpsi_rank is distinct from g.gpsi_rank",
        [current[0][0]],
    ).fetchone()[0]
    assert differ == 0


@pytest.mark.xdist_group("revised_run")
def test_a_revised_raw_value_is_a_new_edition_explained_by_its_source(con, revised_run):
    """One observed homicide rate revised in a copy of the raw snapshot and published
    again (the revised_run fixture): a second edition appears, the first stays
    queryable, and the revisions mart says that country-year changed because of revised
    owid_homicide data."""
    iso3, year, warehouse = revised_run.iso3, revised_run.year, revised_run.warehouse
    before = con.execute("select max(edition_id) from marts.dim_edition").fetchone()[0]
    new = duckdb.connect(str(warehouse / "gpsi.duckdb"), read_only=True)
    try:
        editions = new.execute(
            "select edition_id, is_current, published_at is not null from marts.dim_edition "
            "order by edition_id"
        ).fetchall()
        assert editions[-1] == (before + 1, True, True)
        assert len(editions) == before + 1
        # the earlier edition's headline is still there, as it was published
        kept = new.execute(
            "select count(*) from marts.fct_gpsi_editions where edition_id = ?", [before]
        ).fetchone()[0]
        published = con.execute(
            "select count(*) from marts.fct_gpsi where gpsi_score is not null"
        ).fetchone()[0]
        assert kept == published
        revision = new.execute(
            "select revision_reason, revised_sources, revised_values, previous_edition_id, "
            "score_change from marts.fct_gpsi_revisions where iso3 = ? and year = ?",
            [iso3, year],
        ).fetchone()
        assert revision[:4] == ("revised_data", "owid_homicide", 1, before)
        assert revision[4] < 0  # a higher homicide rate: less secure
        # every other change is explained without blaming another source's data
        reasons = dict(
            new.execute(
                "select revision_reason, count(*) from marts.fct_gpsi_revisions group by 1"
            ).fetchall()
        )
        assert "method_change" not in reasons and "new_data" not in reasons
        blamed = new.execute(
            "select distinct revised_sources from marts.fct_gpsi_revisions "
            "where revised_sources is not null"
        ).fetchall()
        assert blamed == [("owid_homicide",)]
        value_now = new.execute(
            "select raw_value from marts.fct_indicator_scores where iso3 = ? and year = ? "
            "and indicator_id = 'homicide_rate'",
            [iso3, year],
        ).fetchone()[0]
        assert value_now == pytest.approx(revised_run.revised, rel=1e-6)
        assert value_now != pytest.approx(revised_run.value, rel=1e-6)
    finally:
        new.close()
    # the explorer's "what changed since the last edition" lists it, with its source
    script = (warehouse / "site" / "report" / "assets" / "data.js").read_text(encoding="utf-8")
    edition = json.loads(script.removeprefix("window.GPSI_DATA = ").rstrip().rstrip(";"))["edition"]
    assert (edition["id"], edition["previous"]) == (before + 1, before)
    moves = {m[0]: m for m in edition["moves"]}
    assert moves[iso3][5:] == ["revised_data", "owid_homicide"]
