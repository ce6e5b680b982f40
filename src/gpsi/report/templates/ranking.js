// The ranking of the chosen year: sortable by any column (buttons in sticky headers,
// aria-sort), searchable by name in any language or ISO3, each country's rank interval
// drawn as a bar, and the rows on screen downloadable as CSV. Cells are set with
// textContent: names and labels are data, never markup.
(function (G) {
  "use strict";
  const data = G.data;

  // Columns: key, label, the row's value (for sorting and CSV), how it is shown.
  function columns() {
    const cols = [
      { key: "r", label: "rank", value: (r) => (G.state.view === "adjusted" ? r.adjr : r.r), num: true,
        show: (r) => (G.state.view === "adjusted" ? r.adjr : r.r) },
      { key: "name", label: "country", value: (r) => G.name(r.i), country: true },
      { key: "s", label: "gpsi", value: (r) => r.s, num: true, show: (r) => G.fmt(r.s, 1) },
      { key: "lo", label: "interval", value: (r) => r.lo, num: true, interval: true },
      { key: "c", label: "risk_class", value: (r) => data.classes.findIndex((c) => c.id === r.c), cls: true },
      { key: "ch", label: "change", value: (r) => r.ch, num: true, show: (r) => G.signed(r.ch, 1) },
    ];
    data.dimensions.forEach((d, i) => cols.push({ key: "d" + i, label: "dim_" + d.id, value: (r) => r.d[i],
      num: true, show: (r) => G.fmt(r.d[i], 1) }));
    return cols.concat([
      { key: "imp", label: "imputed", value: (r) => r.imp, num: true, show: (r) => G.fmt(r.imp * 100, 0) + "%" },
      { key: "dy", label: "data_year", value: (r) => r.dy, num: true, show: (r) => G.fmt(r.dy, 1) },
      { key: "inc", label: "income_group", value: (r) => G.incomeName(r.inc), show: (r) => G.incomeName(r.inc) },
      { key: "pct", label: "peer_percentile", value: (r) => r.pct, num: true, show: (r) => G.fmt(r.pct, 0) },
      { key: "adj", label: "adjusted", value: (r) => r.adj, num: true, show: (r) => G.signed(r.adj, 1) },
    ]);
  }

  const fold = (text) => String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  // The rows of the year that match the search, in the chosen order (missing values last).
  G.visibleRows = function () {
    const s = G.state;
    const q = fold(s.q.trim());
    const rows = G.rowsOf(s.year).filter((r) => !q || fold(r.i).includes(q)
      || Object.values(data.countries[r.i].names).some((n) => fold(n).includes(q)));
    const col = columns().find((c) => c.key === s.sort) || columns()[0];
    const sign = s.dir === "desc" ? -1 : 1;
    return rows.slice().sort((a, b) => {
      const va = col.value(a), vb = col.value(b);
      if (va === null || va === undefined) return 1;
      if (vb === null || vb === undefined) return -1;
      const order = typeof va === "string" ? va.localeCompare(vb, s.lang) : va - vb;
      return order * sign || a.r - b.r;
    });
  };

  function intervalCell(cell, r) {
    const n = r.n || 1;
    cell.className = "interval";
    const label = document.createElement("span");
    label.className = "num";
    label.dir = "ltr";
    label.textContent = r.lo === null ? "–" : r.lo + "–" + r.hi;
    cell.appendChild(label);
    if (r.lo === null) return;
    const track = document.createElement("span");
    track.className = "track";
    track.setAttribute("aria-hidden", "true");
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.insetInlineStart = (100 * (r.lo - 1) / n).toFixed(1) + "%";
    bar.style.width = Math.max(1, 100 * (r.hi - r.lo + 1) / n).toFixed(1) + "%";
    const tick = document.createElement("span");
    tick.className = "tick";
    tick.style.insetInlineStart = (100 * (r.r - 0.5) / n).toFixed(1) + "%";
    track.append(bar, tick);
    cell.appendChild(track);
  }

  G.renderRanking = function () {
    const s = G.state;
    const cols = columns();
    const head = document.querySelector("#ranking-table thead tr");
    head.replaceChildren();
    cols.forEach((c) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("aria-sort", c.key === s.sort ? (s.dir === "asc" ? "ascending" : "descending") : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.sort = c.key;
      button.textContent = G.t(c.label);
      button.addEventListener("click", () => {
        s.dir = s.sort === c.key && s.dir === "asc" ? "desc" : "asc";
        s.sort = c.key;
        G.update(G.renderRanking);
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    const body = document.querySelector("#ranking-table tbody");
    body.replaceChildren();
    const rows = G.visibleRows();
    rows.forEach((r) => {
      const tr = body.insertRow();
      tr.dataset.iso3 = r.i;
      cols.forEach((c) => {
        const cell = tr.insertCell();
        if (c.country) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "country link";
          button.dataset.iso3 = r.i;
          button.textContent = G.name(r.i);
          button.addEventListener("click", () => G.openCountry(r.i));
          cell.appendChild(button);
        } else if (c.interval) {
          intervalCell(cell, r);
        } else if (c.cls) {
          const chip = document.createElement("span");
          chip.className = "chip " + r.c;
          chip.setAttribute("aria-hidden", "true");
          cell.append(chip, G.t(r.c));
        } else {
          cell.textContent = c.show(r);
          if (c.num) { cell.className = "num"; cell.dir = "ltr"; }
        }
      });
    });
    document.getElementById("ranking-count").textContent = G.t("showing", {
      n: rows.length, total: G.rowsOf(s.year).length, year: s.year,
    });
  };

  // CSV of the rows on screen. A text cell starting with = + - @ or a control character
  // is prefixed with ' so that a spreadsheet shows it instead of running it.
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") return String(value);
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  G.rankingCsv = function () {
    const s = G.state;
    const header = ["iso3", "country", "year", "is_provisional", "gpsi_rank", "gpsi_score", "rank_q05",
      "rank_q95", "risk_class", "change_from_previous_year"]
      .concat(data.dimensions.map((d) => d.id))
      .concat(["imputed_share", "mean_data_year", "income_group", "income_group_percentile",
        "development_adjusted_score", "development_adjusted_rank", "method_version"]);
    const lines = [header.join(",")];
    G.visibleRows().forEach((r) => {
      lines.push([r.i, G.name(r.i), s.year, G.isProvisional(s.year), r.r, r.s, r.lo, r.hi, r.c, r.ch]
        .concat(r.d).concat([r.imp, r.dy, r.inc, r.pct, r.adj, r.adjr, data.method.method_version])
        .map(csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  };

  G.downloadCsv = function () {
    const blob = new Blob([G.rankingCsv()], { type: "text/csv;charset=utf-8" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "gpsi-ranking-" + G.state.year + ".csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
})(window.GPSI = window.GPSI || {});
