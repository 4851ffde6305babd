#!/usr/bin/env python3
"""Fails (exit 1) when a dev-set metric falls below its floor.

    check-floors.py SCORE.json FLOORS.json

Floors sit just under what kibaru reaches, so quality can only go up.
"""
import json
import sys

score = json.load(open(sys.argv[1]))
floors = json.load(open(sys.argv[2]))
failed = [(k, score.get(k), v) for k, v in sorted(floors.items()) if score.get(k) is None or score[k] < v]
for k, got, floor in failed:
    print(f"quality floor broken: {k} = {got} < {floor}")
if failed:
    sys.exit(1)
print(f"quality floors held: {len(floors)} metrics")
