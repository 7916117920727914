// multipolar serve: progressive enhancement (no inline scripts; CSP script-src 'self').
// Reads the page's <script type="application/json"> data blocks and the JSON API.
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function text(el, s) { el.textContent = s == null ? "–" : String(s); }
  function num(x) { return x == null ? "–" : Number(x).toFixed(2); }

  // --- search suggestions: a datalist fed by /api/states?q= ---------------------------
  var list = document.getElementById("state-names");
  var timer = null;
  document.querySelectorAll("input.state-input").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 1) return;
      timer = setTimeout(function () {
        fetch("/api/states?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); })
          .then(function (res) {
            while (list.firstChild) list.removeChild(list.firstChild);
            (res.rows || []).forEach(function (s) {
              var opt = document.createElement("option");
              opt.value = s.name;
              opt.label = (s.iso3 || s.abbrev) + " · COW " + s.ccode;
              list.appendChild(opt);
            });
          }).catch(function () {});
      }, 120);
    });
  });

  var plotConfig = { displaylogo: false, responsive: true };

  // --- pair page: agreement chart; a click on a year filters the roll calls ------------
  var rollSection = document.getElementById("rollcalls");
  function showYear(year) {
    if (!rollSection) return;
    var api = rollSection.getAttribute("data-api");
    fetch(api + "?year=" + year + "&per_page=500").then(function (r) { return r.json(); })
      .then(function (res) {
        var body = document.querySelector("#rollcall-table tbody");
        while (body.firstChild) body.removeChild(body.firstChild);
        (res.rows || []).forEach(function (r) {
          var tr = document.createElement("tr");
          tr.setAttribute("data-year", r.year);
          tr.className = r.same ? "same" : "differ";
          [r.unres || r.rcid, r.vote_a, r.vote_b, r.yes + "–" + r.abstain + "–" + r.no,
           r.title || r.short || r.descr].forEach(function (v) {
            var td = document.createElement("td"); text(td, v); tr.appendChild(td);
          });
          body.appendChild(tr);
        });
        text(document.getElementById("roll-year"), year);
        document.querySelectorAll("nav.years a").forEach(function (a) {
          a.classList.toggle("current", a.getAttribute("data-year") === String(year));
        });
        var note = res.rows ? res.total + " contested roll calls both voted on in " + year : res.error;
        if (res.n_dropped_unanimous) note += " (" + res.n_dropped_unanimous + " unanimous ones left out)";
        text(document.getElementById("roll-note"), note + ".");
        var dl = document.querySelectorAll("#roll-downloads a");
        if (dl.length === 2) {
          dl[0].href = api + "?year=" + year + "&format=csv";
          dl[1].href = api + "?year=" + year + "&per_page=500";
        }
        var url = new URL(window.location.href);
        url.searchParams.set("year", year);
        url.hash = "rollcalls";
        history.replaceState(null, "", url.toString());
        document.querySelectorAll(".cite .permalink a").forEach(function (a) {
          a.href = url.toString(); text(a, url.toString());
        });
      });
  }
  document.querySelectorAll("a.year-link").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      showYear(a.getAttribute("data-year"));
    });
  });

  function plot(id, traces, layout) {
    var el = document.getElementById(id);
    if (!el || !window.Plotly) return null;
    var base = { margin: { l: 45, r: 10, t: 10, b: 40 }, height: 320, hovermode: "x unified",
                 legend: { orientation: "h", y: -0.2 } };
    window.Plotly.newPlot(el, traces, Object.assign(base, layout || {}), plotConfig);
    return el;
  }

  var series = data("data-agreement");
  if (series) {
    var years = series.map(function (r) { return r.year; });
    var el = plot("chart-agreement", [
      { x: years, y: series.map(function (r) { return r.kappa; }), name: "kappa", mode: "lines+markers" },
      { x: years, y: series.map(function (r) { return r.agree; }), name: "agree", mode: "lines" }
    ], { yaxis: { range: [-1, 1], title: { text: "" } } });
    if (el) el.on("plotly_click", function (ev) { if (ev.points.length) showYear(ev.points[0].x); });
  }

  var ideal = data("data-ideal");
  if (ideal) {
    var yrs = ideal.map(function (r) { return r.year; });
    plot("chart-ideal", [
      { x: yrs, y: ideal.map(function (r) { return r.hi; }), mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
      { x: yrs, y: ideal.map(function (r) { return r.lo; }), mode: "lines", line: { width: 0 }, fill: "tonexty",
        fillcolor: "rgba(29,78,216,0.2)", name: "95% interval", hoverinfo: "skip" },
      { x: yrs, y: ideal.map(function (r) { return r.ideal; }), mode: "lines", name: "ideal point", line: { color: "#1d4ed8" } }
    ]);
  }

  var polEl = document.getElementById("chart-polarity");
  if (polEl) {
    fetch(polEl.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (res) {
      var rows = res.rows || [];
      var py = rows.map(function (r) { return r.year; });
      plot("chart-polarity", [
        { x: py, y: rows.map(function (r) { return r.con_major; }), name: "CON (major powers)", mode: "lines" },
        { x: py, y: rows.map(function (r) { return r.bipolarity; }), name: "UN bipolarity", mode: "lines" }
      ]);
    }).catch(function () {});
  }

  // --- year sliders: recolour the map from the API ------------------------------------
  var RAMP = ["#313695", "#4575b4", "#74add1", "#abd9e9", "#fee090", "#fdae61", "#f46d43", "#d73027"];
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
  var NO_DATA = "#e5e7eb";
  function ramp(v) {
    if (v == null) return NO_DATA;
    var t = Math.min(Math.max((v + 1) / 2, 0), 1);
    return RAMP[Math.min(Math.floor(t * RAMP.length), RAMP.length - 1)];
  }
  function recolour(fills, titles, year) {
    document.querySelectorAll("#map path").forEach(function (p) {
      var iso = p.getAttribute("data-iso3");
      p.setAttribute("fill", fills[iso] || NO_DATA);
      var t = p.querySelector("title");
      if (t) text(t, titles[iso] || iso + ": no data");
    });
    var map = document.getElementById("map");
    var selfIso = map ? map.getAttribute("data-self") : null;
    if (selfIso) {
      var own = document.querySelector('#map path[data-iso3="' + selfIso + '"]');
      if (own) own.setAttribute("fill", "#111827");
    }
    if (map) map.setAttribute("data-year", year);
    document.querySelectorAll(".yr").forEach(function (s) { text(s, year); });
  }
  function fillTable(id, rows) {
    var body = document.querySelector("#" + id + " tbody");
    if (!body) return;
    while (body.firstChild) body.removeChild(body.firstChild);
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      [r.rank, r.name, num(r.kappa), num(r.agree), r.n_votes].forEach(function (v) {
        var td = document.createElement("td"); text(td, v); tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  var slider = document.querySelector("input.slider");
  if (slider) {
    var out = document.getElementById("year-out");
    var pending = null;
    slider.addEventListener("input", function () { text(out, slider.value); });
    slider.addEventListener("change", function () {
      var year = slider.value;
      var api = slider.getAttribute("data-api");
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(api + "?year=" + year + "&per_page=500", { signal: pending.signal })
        .then(function (r) { return r.json(); })
        .then(function (res) {
          var fills = {}, titles = {};
          if (res.membership) {
            res.membership.forEach(function (m) {
              if (!m.iso3) return;
              fills[m.iso3] = PALETTE[(m.bloc - 1) % PALETTE.length];
              titles[m.iso3] = m.name + " " + year + ": bloc " + m.bloc;
            });
          } else if (res.rows) {
            res.rows.forEach(function (r) {
              if (!r.iso3) return;
              fills[r.iso3] = ramp(r.kappa);
              titles[r.iso3] = r.name + " " + year + ": kappa " + num(r.kappa) + " on " + r.n_votes + " votes";
            });
            var ranked = res.rows.filter(function (r) { return r.rank != null; });
            fillTable("closest-table", ranked.slice(0, 10));
            fillTable("distant-table", ranked.slice(-10).reverse());
          } else {
            return;
          }
          recolour(fills, titles, year);
          var h1 = document.getElementById("title");
          if (h1) text(h1, h1.textContent.replace(/\d{4}$/, String(year)));
          document.querySelectorAll(".downloads a").forEach(function (a) {
            a.href = a.href.replace(/year=\d{4}/, "year=" + year);
          });
          var url = new URL(window.location.href);
          url.searchParams.set("year", year);
          history.replaceState(null, "", url.toString());
          document.querySelectorAll(".cite .permalink a").forEach(function (a) {
            a.href = url.toString(); text(a, url.toString());
          });
        }).catch(function () {});
    });
  }
})();
