#!/usr/bin/env python3
"""plantrack check against an equivalent shapely 2 (GEOS) pipeline, on the same files, in one run.

Both read the same plan and layers (RFC 7946 GeoJSON), project them to VN-2000 / Lai Châu TM-3
(the same PROJ string: pyproj runs PROJ, plantrack runs proj4rs), find candidate pairs with an
R-tree (STRtree / rstar), intersect them, keep the overlaps the rule table does not allow with
an area of at least min_area_m2, and write the conflicts. The script checks that both found the
same (zone, constraint, layer) conflicts with areas within a relative 1e-6, and prints the wall
times, the ratio and each process's peak resident memory (from wait4).

    python3 crates/benches/scripts/check_vs_shapely.py --data target/landuse \
        --plantrack target/release/plantrack

Needs shapely >= 2 and pyproj (pip install shapely pyproj).
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
import tomllib

TM3_LAI_CHAU = ("+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
                "+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,"
                "0.00427372,0.252906278 +units=m +no_defs")


def shapely_pipeline(data, rules_path, out_path):
    """The pipeline a GIS analyst would write with shapely 2; runs in a child process."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    rules = tomllib.loads(pathlib.Path(rules_path).read_text())
    verdicts = {(r["landuse"], r["constraint"]): r["verdict"] for r in rules.get("rule", [])}
    min_area = rules.get("min_area_m2", 1.0)
    to_plane = Transformer.from_crs("+proj=longlat +datum=WGS84 +no_defs", TM3_LAI_CHAU, always_xy=True)

    def project(coords):
        x, y = to_plane.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    def read(path):
        fc = json.loads(pathlib.Path(path).read_text())
        ids = [str(f["id"]) for f in fc["features"]]
        cats = [f["properties"]["category"] for f in fc["features"]]
        geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in fc["features"]])
        return ids, cats, shapely.transform(geoms, project)

    zone_ids, zone_cats, zones = read(pathlib.Path(data) / "plan.geojson")
    conflicts = []
    for layer_path in sorted((pathlib.Path(data) / "layers").glob("*.geojson")):
        layer = layer_path.stem
        ids, cats, geoms = read(layer_path)
        tree = shapely.STRtree(geoms)
        zi, ci = tree.query(zones)  # envelope candidates, as plantrack's R-tree gives
        keep = [k for k in range(len(zi))
                if verdicts.get((zone_cats[zi[k]], cats[ci[k]]),
                                verdicts.get(("*", cats[ci[k]]), "consult")) != "allowed"]
        zi, ci = zi[keep], ci[keep]
        areas = shapely.area(shapely.intersection(zones[zi], geoms[ci]))
        for z, c, a in zip(zi, ci, areas):
            if a >= min_area and a > 0:
                conflicts.append({"zone": zone_ids[z], "constraint": ids[c], "layer": layer, "area_m2": float(a)})
    pathlib.Path(out_path).write_text(json.dumps({"conflicts": conflicts}))


def run(cmd, stdout_path=None, ok=(0,)):
    """Runs a command; returns (seconds, peak RSS in MiB). `ok`: the exit codes that are not
    failures (plantrack check exits 1 when it found conflicts)."""
    out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{cmd[0]} failed ({code})")
    return seconds, usage.ru_maxrss / 1024


def main():
    here = pathlib.Path(__file__).resolve()
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="target/landuse")
    ap.add_argument("--plantrack", default="target/release/plantrack")
    ap.add_argument("--rules", default=str(here.parents[2] / "gis/rules/vn.default.toml"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        shapely_pipeline(args.data, args.rules, args.child)
        return
    import shapely, pyproj
    ours = "/tmp/plantrack-check.json"
    theirs = "/tmp/shapely-check.json"
    t_ours, m_ours = run([args.plantrack, "check", "--plan", f"{args.data}/plan.geojson",
                          "--layers", f"{args.data}/layers", "--rules", args.rules,
                          "--conflicts-only", "--format", "json"], ours, ok=(0, 1))
    t_theirs, m_theirs = run([sys.executable, str(here), "--data", args.data, "--rules", args.rules,
                              "--child", theirs])
    a = {(c["zone"], c["constraint"], c["layer"]): c["area_m2"] for c in json.load(open(ours))["conflicts"]}
    b = {(c["zone"], c["constraint"], c["layer"]): c["area_m2"] for c in json.load(open(theirs))["conflicts"]}
    only_ours, only_theirs = a.keys() - b.keys(), b.keys() - a.keys()
    both = a.keys() & b.keys()
    relative = {k: abs(a[k] - b[k]) / max(abs(b[k]), 1e-12) for k in both}
    worst = max(relative.values(), default=0.0)
    over = [k for k in both if relative[k] > 1e-6]
    worst_abs = max((abs(a[k] - b[k]) for k in both), default=0.0)
    plan = json.load(open(f"{args.data}/plan.geojson"))
    constraints = sum(len(json.load(open(p))["features"]) for p in pathlib.Path(args.data, "layers").glob("*.geojson"))
    print(f"data: {len(plan['features'])} zones, {constraints} constraints ({args.data})")
    print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str})")
    print(f"conflicts: plantrack {len(a)}, shapely {len(b)}; only plantrack {len(only_ours)}, only shapely {len(only_theirs)}")
    print(f"largest relative area difference: {worst:.2e} (absolute: {worst_abs:.1e} m²); "
          f"{len(over)} of {len(both)} above 1e-6"
          + (f", the largest of them {max(b[k] for k in over):.1f} m²" if over else ""))
    print(f"plantrack check: {t_ours:.2f} s, peak {m_ours:.0f} MiB")
    print(f"shapely/GEOS:    {t_theirs:.2f} s, peak {m_theirs:.0f} MiB")
    print(f"ratio (shapely time / plantrack time): {t_theirs / t_ours:.2f}")
    for k in sorted(only_ours)[:5]:
        print("  only plantrack:", k, a[k])
    for k in sorted(only_theirs)[:5]:
        print("  only shapely:", k, b[k])
    same = not only_ours and not only_theirs and worst <= 1e-6
    print("SAME CONFLICTS" if same else "DIFFERENT CONFLICTS")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
