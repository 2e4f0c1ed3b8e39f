#!/usr/bin/env python3
"""Converts shared/data/cn_workcal_2020_2026.json into docroute year files.

Usage: scripts/convert-calendar.py JSON OUTDIR
Run by hand when a new year's notice is added; the output is committed under
examples/zhangdian/docroute/calendar/.
"""
import json
import sys

NOTICE = "国务院办公厅关于{}年部分节假日安排的通知"
EXTRA = {
    "2020": "；国务院办公厅关于延长2020年春节假期的通知",
    "2026": "（国办发明电〔2025〕7号）",
}


def main():
    src, out = sys.argv[1], sys.argv[2]
    data = json.load(open(src, encoding="utf-8"))
    meta = data["_meta"]
    for year in sorted(k for k in data if not k.startswith("_")):
        y = data[year]
        lines = [
            f"# Working-day calendar for {year}: holidays and make-up working days (调休).",
            f"# {y['working_days_in_year']} working days. Converted from {meta['primary_source']},",
            "# cross-checked against four further sources (see shared/data).",
            f"year: {year}",
            f"notice: \"{NOTICE.format(year)}{EXTRA.get(year, '')}\"",
            f"source: \"{meta['primary_source']}\"",
            "holidays:",
        ]
        for r in y["holiday_ranges"]:
            lines.append(f"  - {{name: {r['name']}, from: {r['start']}, to: {r['end']}}}")
        lines.append("workdays:")
        for m in y["makeup_workdays"]:
            lines.append(f"  - {{date: {m['date']}, for: {m['name']}}}   # {m['weekday']}")
        with open(f"{out}/{year}.yaml", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
