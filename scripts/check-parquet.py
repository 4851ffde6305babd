#!/usr/bin/env python3
"""Checks a Parquet export of kibaru against the JSONL export of the same events.

Usage: check-parquet.py EXPORT.parquet EXPORT.jsonl

Reads the Parquet file with pyarrow (an independent reader), then checks that it
has one row per JSONL event, in the same order, with the same values for every
field both carry (ACLED's columns and kibaru's), event_date a DATE and the
coordinates null exactly where the JSONL has none. Exits 1 on any difference.
"""
import datetime
import json
import sys

import pyarrow.parquet as pq


def main() -> int:
    table = pq.read_table(sys.argv[1])
    rows = table.to_pylist()
    with open(sys.argv[2], encoding="utf-8") as f:
        events = [json.loads(line) for line in f if line.strip()]
    problems = []
    if len(rows) != len(events):
        problems.append(f"{len(rows)} parquet rows, {len(events)} jsonl events")
    if str(table.schema.field("event_date").type) != "date32[day]":
        problems.append(f"event_date is {table.schema.field('event_date').type}")
    same = [
        "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "country", "admin1", "admin2",
        "admin3", "location", "latitude", "longitude", "geo_precision", "source",
        "source_scale", "notes", "fatalities", "tags", "timestamp", "country_iso3",
        "geonameid", "lang", "confidence",
    ]
    for n, (row, event) in enumerate(zip(rows, events), 1):
        if row["event_id_cnty"] != event["event_id"]:
            problems.append(f"row {n}: id {row['event_id_cnty']!r} != {event['event_id']!r}")
        for key in same:
            got, want = row[key], event.get(key)
            if isinstance(got, datetime.date):
                got = got.isoformat()
            if got != want:
                problems.append(f"row {n} ({event['event_id']}): {key} {got!r} != {want!r}")
        ids = event.get("article_ids") or [event.get("article_id")]
        if row["article_ids"] != ";".join(i for i in ids if i):
            problems.append(f"row {n}: article_ids {row['article_ids']!r} != {ids!r}")
        if json.loads(row["evidence"]) != event["evidence"]:
            problems.append(f"row {n}: evidence differs")
    for p in problems[:20]:
        print(f"check-parquet: {p}", file=sys.stderr)
    if problems:
        print(f"check-parquet: {len(problems)} difference(s)", file=sys.stderr)
        return 1
    print(f"check-parquet: {len(rows)} events, {table.num_columns} columns, "
          f"{pq.ParquetFile(sys.argv[1]).num_row_groups} row group(s): parquet matches jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
