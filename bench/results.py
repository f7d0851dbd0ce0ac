#!/usr/bin/env python3
"""The benchmarks' figures in one JSON file (build/bench/results.json).

  results.py add FILE NAME VALUE BASELINE UNIT [--note TEXT]
      adds or replaces the figure NAME; ratio = VALUE / BASELINE
  results.py table FILE
      prints the figures as a Markdown table (BENCHMARKS.md)

The file is a list of objects {name, value, baseline, ratio, unit, note}, in the order
they were first added. A baseline is always measured in the same run as its figure.
"""
import json
import os
import sys


def load(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def save(path, figures):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(figures, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def add(path, name, value, baseline, unit, note=""):
    value, baseline = float(value), float(baseline)
    figure = {
        "name": name,
        "value": round(value, 3),
        "baseline": round(baseline, 3),
        "ratio": round(value / baseline, 4) if baseline else None,
        "unit": unit,
        "note": note,
    }
    figures = [f for f in load(path) if f["name"] != name]
    old = [f["name"] for f in load(path)]
    figures.append(figure)
    figures.sort(key=lambda f: old.index(f["name"]) if f["name"] in old else len(old))
    save(path, figures)
    print(f"{name}: {value:.3f} {unit} over {baseline:.3f} = ratio {figure['ratio']}")


def table(path):
    print("| figure | value | baseline | ratio | unit | what |")
    print("|---|---:|---:|---:|---|---|")
    for f in load(path):
        print(f"| `{f['name']}` | {f['value']:g} | {f['baseline']:g} | {f['ratio']} | {f['unit']} "
              f"| {f.get('note', '')} |")


def main(argv):
    if len(argv) >= 7 and argv[1] == "add":
        note = ""
        if len(argv) == 9 and argv[7] == "--note":
            note = argv[8]
        elif len(argv) != 7:
            sys.exit(__doc__)
        add(argv[2], argv[3], argv[4], argv[5], argv[6], note)
    elif len(argv) == 3 and argv[1] == "table":
        table(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
