"""FA-KES field accuracy: date, governorate, actor, cause of death and civilian deaths of the
article's main event against the crowd-coded fields.

    .venv/bin/python benchmarks/events_fakes.py [--limit N] [--write] [--json out.json]

Data: ../shared/datasets/fa-kes (804 Syrian-war articles; PROVENANCE.md there), read with
benchmarks/_fakes.py. Reported on the authors' 2021 test split (split_patterns2021, rows
whose unit_id is in the 161-row test file; unit_ids are not unique, so a few more rows) and
on all rows.

Main event: the ASSAULT event with the most fatalities (null counts below 0; ties → the
first in the record), among events not marked ``background`` when there are any. No
ASSAULT event → every field of the row is judged wrong (casualties: 0 predicted).

Publication date: the crowd's ``date`` is the *answer* (the event date), so it is not
given to the pipeline. Most texts (764/804) start with a dateline ("Wed 05 Apr 2017",
"April 5 2017", "24.08.2013"...); ``_event_datasets.dateline`` parses it from the first
120 characters and passes it as ``published`` so that "on Tuesday" can be resolved, as it
would be for a feed item; texts without one get ``published=None``.

Field rules (all documented in docs/benchmarks/events.md):

* date: the main event's ``date.value`` (or ``earliest`` when ``earliest == latest``) is
  the crowd date (exact) / within 1 day.
* governorate: the main event's place mapped to the 12 FA-KES labels by ``GOVERNORATES``:
  its ``admin1`` (or its ``name`` when the place is itself an admin1), normalised. Rif
  Dimashq (Damascus countryside: Ghouta, Douma, Darayya...) → ``damascus``: FA-KES has no
  separate label and its "damascus" rows include the countryside. A place outside Syria or
  in As-Suwayda (no FA-KES label) never matches. A second row reports the baseline "first
  Syrian place of the article" for comparison.
* actor: the main event's actor1 mapped to the 7 classes by ``actor_class``.
* cause of death: the main event's mode mapped to the 6 classes by ``CAUSE``.
* civilians: the main event's ``fatalities`` (null → 0; our figure counts all deaths, the
  crowd's ``nb_civilians`` only civilians) vs ``nb_civilians``: exact match and MAE.

``--write`` replaces the ``fakes`` section of docs/benchmarks/events.md.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _event_datasets import (  # noqa: E402
    MdTable,
    add_common_args,
    dateline,
    fakes_test_unit_ids,
    fmt,
    run_records,
    sitroom_version,
    write_section,
)
from _fakes import load_fakes  # noqa: E402

LABELS = (
    "aleppo", "damascus", "idlib", "deir ezzor", "raqqa", "homs", "hasakeh", "hama",
    "daraa", "lattakia", "quneitra", "tartous",
)  # fmt: skip

# normalised admin1 / governorate names (GeoNames, ISO 3166-2, common English spellings) -> label
GOVERNORATES: dict[str, str] = {
    "aleppo": "aleppo", "halab": "aleppo",
    "damascus": "damascus", "dimashq": "damascus",
    "rif dimashq": "damascus", "rif dimashq governorate": "damascus", "rural damascus": "damascus",
    "damascus countryside": "damascus", "reef dimashq": "damascus", "rif": "damascus",
    "idlib": "idlib", "idleb": "idlib",
    "deir ez zor": "deir ezzor", "deir ezzor": "deir ezzor", "dayr az zawr": "deir ezzor",
    "deir el zor": "deir ezzor", "deir al zor": "deir ezzor", "deir ezzour": "deir ezzor",
    "raqqa": "raqqa", "raqqah": "raqqa", "ar raqqah": "raqqa", "rakka": "raqqa",
    "homs": "homs", "hims": "homs",
    "hasakah": "hasakeh", "hasakeh": "hasakeh", "hasaka": "hasakeh", "al hasakah": "hasakeh",
    "hassakeh": "hasakeh", "al hasakeh": "hasakeh",
    "hama": "hama", "hamah": "hama",
    "daraa": "daraa", "dara": "daraa", "deraa": "daraa", "dar a": "daraa",
    "latakia": "lattakia", "lattakia": "lattakia", "latakiya": "lattakia", "al ladhiqiyah": "lattakia",
    "quneitra": "quneitra", "al qunaytirah": "quneitra", "qunaytirah": "quneitra",
    "tartus": "tartous", "tartous": "tartous", "tartouss": "tartous",
}  # fmt: skip


def _key(s: str) -> str:
    s = re.sub(r"[^a-z0-9]+", " ", s.lower().replace("’", "").replace("'", "")).strip()
    s = re.sub(r"\b(governorate|province|muhafazat|mohafazat)\b", "", s).strip()
    s = re.sub(r"^(al|ar|as|ad|ash|an|el|ed)\s+", "", s)
    return re.sub(r"\s+", " ", s)


def governorate(place) -> str | None:
    """The FA-KES label of a Place; None when it does not map (outside Syria, Suwayda...)."""
    if place is None:
        return None
    if place.country and place.country.upper() not in ("SY", "SYR"):
        return None
    for cand in ((place.name if place.feature == "admin1" else None), place.admin1, place.name):
        if cand:
            k = _key(cand)
            lab = GOVERNORATES.get(k) or GOVERNORATES.get(re.sub(r"^(al|ar|as) ", "", k))
            if lab:
                return lab
    return None


# mode -> FA-KES cause_of_death (6 classes: shelling, explosion, chemical and toxic gases,
# shooting, execution, unknown). Modes not listed (abduct, beat, torture, sexual, destroy,
# primitive, crowd-control, none) -> unknown.
CAUSE: dict[str, str] = {
    "aerial": "shelling",
    "drone": "shelling",
    "heavy-weapons": "shelling",
    "explosives": "explosion",
    "suicide-attack": "explosion",
    "unconventional": "chemical and toxic gases",
    "firearms": "shooting",
    "targeted": "execution",
}

_ISIS = re.compile(r"\b(isis|isil|daesh|da'esh|islamic state)\b", re.I)
_IS = re.compile(r"\bIS\b")  # case-sensitive: "IS", not "is"
_NUSRA = re.compile(r"nusra|fateh al.sham|fatah al.sham|tahrir al.sham|\bhts\b", re.I)
_SDF = re.compile(
    r"\b(sdf|ypg|ypj|pyd|asayish|kurdish|syrian democratic forces|self.administration)\b", re.I
)
_COALITION = re.compile(r"coalition|\bnato\b|pentagon|u\.?s\.?-led", re.I)
_REBELS = re.compile(
    r"rebel|opposition|\bfsa\b|free syrian army|jaish|ahrar|faylaq|militant|insurgent|"
    r"terrorist|armed group", re.I,
)  # fmt: skip
_GOV_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "PRM"}
_COALITION_COUNTRIES = {"USA", "GBR", "FRA", "AUS", "CAN", "NLD", "BEL", "DNK", "JOR", "SAU", "ARE"}


def actor_class(a) -> str:
    """Our actor → FA-KES actor class (7: syrian government or russian troops, isis,
    al-nusra front, self administration forces, international coalition forces, armed
    opposition groups, unknown). Named groups first (name/text/affiliation patterns), then
    country+sector: RUS → government/russian; SYR with a state sector (GOV MIL COP SPY JUD
    LEG PRM), IRN or Hezbollah → government (pro-government forces; FA-KES has no class of
    their own); coalition members → coalition; REB sector → armed opposition; UAF/UNK or
    no actor → unknown; any other state (TUR, ISR...) → "other" (never right)."""
    if a is None:
        return "unknown"
    s = " ".join(x for x in (a.name, a.text, a.affiliation) if x)
    if _NUSRA.search(s):
        return "al-nusra front"
    if _ISIS.search(s) or _IS.search(s):
        return "the organization of the islamic state in iraq and the levant - isis"
    if _SDF.search(s):
        return "self administration forces"
    if _COALITION.search(s):
        return "international coalition forces"
    if re.search(r"hezbollah|hizbullah", s, re.I):
        return "syrian government or russian troops"
    if a.country == "RUS" or a.country == "IRN":
        return "syrian government or russian troops"
    if a.country == "SYR" and a.sector in _GOV_SECTORS:
        return "syrian government or russian troops"
    if re.search(r"regime|assad|syrian army|government forces|pro.government", s, re.I):
        return "syrian government or russian troops"
    if a.sector == "REB" or _REBELS.search(s):
        return "armed opposition groups"
    if a.country in _COALITION_COUNTRIES:
        return "international coalition forces"
    if a.sector in (None, "UAF", "UNK") and a.country in (None, "SYR"):
        return "unknown"
    return "other"


def main_event(rec):
    evs = [e for e in getattr(rec, "events", None) or [] if e.type == "ASSAULT"]
    fg = [e for e in evs if not e.background]
    evs = fg or evs
    if not evs:
        return None
    return max(evs, key=lambda e: -1 if e.fatalities is None else e.fatalities)


def event_day(e) -> date | None:
    t = e.date if e else None
    if t is None:
        return None
    v = t.value or (t.earliest if t.earliest and t.earliest == t.latest else None)
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def judge(row, rec) -> dict:
    e = main_event(rec)
    d = event_day(e)
    first_sy = next((governorate(p) for p in getattr(rec, "places", None) or []
                     if governorate(p)), None)  # fmt: skip
    ours = (e.fatalities or 0) if e else 0
    return {
        "index": row.index, "unit_id": row.unit_id, "has_main": e is not None,
        "has_dateline": dateline(row.text) is not None,
        "date_gold": row.date.isoformat() if row.date else None,
        "date_pred": d.isoformat() if d else None,
        "date_exact": bool(d and row.date and d == row.date),
        "date_1day": bool(d and row.date and abs((d - row.date).days) <= 1),
        "date_dateline_baseline": bool(row.date and dateline(row.text) == row.date),
        "gov_gold": row.location, "gov_pred": governorate(e.location) if e else None,
        "gov_first_place": first_sy,
        "actor_gold": row.actor, "actor_pred": actor_class(e.actor1) if e else "unknown",
        "cause_gold": row.cause_of_death,
        "cause_pred": CAUSE.get(e.mode or "", "unknown") if e else "unknown",
        "civ_gold": row.nb_civilians, "civ_pred": ours,
        "main": None if e is None else {
            "id": e.id, "mode": e.mode, "fatalities": e.fatalities,
            "actor1": e.actor1.name if e.actor1 else None,
            "place": None if e.location is None else "|".join(
                str(x) for x in (e.location.name, e.location.admin1, e.location.country,
                                 e.location.feature)),
            "evidence": e.evidence[0].text[:160] if e.evidence else None,
        },
    }  # fmt: skip


def aggregate(js: list[dict]) -> dict:
    n = len(js)

    def share(pred) -> tuple[float | None, int]:
        k = sum(1 for j in js if pred(j))
        return (k / n if n else None), k

    out = {"rows": n}
    for name, fn in {
        "main_event": lambda j: j["has_main"],
        "date_exact": lambda j: j["date_exact"],
        "date_within_1_day": lambda j: j["date_1day"],
        "date_dateline_baseline": lambda j: j["date_dateline_baseline"],
        "governorate": lambda j: j["gov_pred"] == j["gov_gold"],
        "governorate_first_place_baseline": lambda j: j["gov_first_place"] == j["gov_gold"],
        "actor": lambda j: j["actor_pred"] == j["actor_gold"],
        "actor_unknown_baseline": lambda j: j["actor_gold"] == "unknown",
        "cause_of_death": lambda j: j["cause_pred"] == j["cause_gold"],
        "civilians_exact": lambda j: j["civ_pred"] == j["civ_gold"],
    }.items():
        out[name], out[name + "_n"] = share(fn)
    dl = [j for j in js if j["has_dateline"]]
    out["date_exact_dateline_rows"] = (sum(j["date_exact"] for j in dl) / len(dl)) if dl else None
    out["dateline_rows"] = len(dl)
    errs = [abs(j["civ_pred"] - j["civ_gold"]) for j in js]
    out["civilians_median_ae"] = statistics.median(errs) if errs else None
    out["civilians_mae"] = (
        statistics.fmean(abs(j["civ_pred"] - j["civ_gold"]) for j in js) if js else None
    )
    nz = [j for j in js if j["civ_gold"] > 0]
    out["civilians_exact_gold_nonzero"] = (
        (sum(j["civ_pred"] == j["civ_gold"] for j in nz) / len(nz)) if nz else None
    )
    out["civilians_gold_nonzero_rows"] = len(nz)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(ap)
    args = ap.parse_args(argv)

    rows = load_fakes()[: args.limit]
    items = []
    for r in rows:
        d = dateline(r.text)
        items.append((f"fakes-{r.index}", r.text, d.isoformat() if d else None))
    recs = list(run_records(items, stages=args.stages))
    js = [judge(r, rec) for r, rec in zip(rows, recs, strict=True)]
    test_ids = fakes_test_unit_ids()
    test = [j for j in js if j["unit_id"] in test_ids]
    res = {
        "dataset": "fa-kes", "version": sitroom_version(), "date": date.today().isoformat(),
        "limit": args.limit, "errors": sum(1 for r in recs if not hasattr(r, "events")),
        "test": aggregate(test), "all": aggregate(js),
    }  # fmt: skip
    t, a = res["test"], res["all"]
    table = MdTable(["field", f"test split ({t['rows']} rows)", f"all ({a['rows']} rows)"])

    def c(key):
        return [
            f"{fmt(x[key], True)} ({x[key + '_n']})" if x[key] is not None else "–" for x in (t, a)
        ]

    table.add("main (ASSAULT) event found", *c("main_event"))
    table.add("date: same day", *c("date_exact"))
    table.add("date: within 1 day", *c("date_within_1_day"))
    table.add("date: same day, rows with a dateline",
              *[fmt(x["date_exact_dateline_rows"], True) + f" of {x['dateline_rows']}" for x in (t, a)])  # fmt: skip
    table.add("date (baseline: the dateline's day)", *c("date_dateline_baseline"))
    table.add("governorate (main event place)", *c("governorate"))
    table.add("governorate (baseline: first Syrian place)", *c("governorate_first_place_baseline"))
    table.add("actor (7 classes)", *c("actor"))
    table.add("actor (baseline: always 'unknown')", *c("actor_unknown_baseline"))
    table.add("cause of death (6 classes)", *c("cause_of_death"))
    table.add("civilians killed: exact", *c("civilians_exact"))
    table.add("civilians killed: exact, gold > 0",
              *[fmt(x["civilians_exact_gold_nonzero"], True) + f" of {x['civilians_gold_nonzero_rows']}" for x in (t, a)])  # fmt: skip
    table.add(
        "civilians killed: median absolute error",
        *[
            f"{x['civilians_median_ae']:.1f}" if x["civilians_median_ae"] is not None else "–"
            for x in (t, a)
        ],
    )
    table.add(
        "civilians killed: MAE",
        *[f"{x['civilians_mae']:.1f}" if x["civilians_mae"] is not None else "–" for x in (t, a)],
    )

    from rich.console import Console

    Console().print(table.rich("FA-KES: main-event fields vs crowd coding"))
    if args.write:
        body = (
            f"Run {res['date']}, {res['version']}"
            + (f", --limit {args.limit} (smoke test, not a result)" if args.limit else "")
            + f".\n\n{table.markdown()}"
        )
        write_section("fakes", body)
    if args.json:
        args.json.write_text(json.dumps(res | {"rows": js}, indent=2))
    return res


if __name__ == "__main__":
    main()
