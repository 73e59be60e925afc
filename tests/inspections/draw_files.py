"""A small known draw, written as the files a plan publishes (no database)."""

import hashlib
import json
import pathlib

from portal.inspections import verify_draw

SECRET = "0123456789abcdef" * 4
PUBLIC_VALUE = "福彩3D 2026060期：5 8 2"
ENTITIES = [
    ("330102", "91330100MA2AAAAA1X"),
    ("330102", "91330100MA2BBBBB2X"),
    ("330106", "91330100MA2CCCCC3X"),
]
INSPECTORS = [("I001", "a1"), ("I002", "a1"), ("I003", "a2")]
CONFLICTS = [("I001", "91330100MA2CCCCC3X")]
SIZES = [("330102", "1"), ("330106", "1")]
TEAM_SIZE = 2


def pool_files(
    entities=ENTITIES, inspectors=INSPECTORS, conflicts=CONFLICTS, sizes=SIZES
) -> dict[str, bytes]:
    return {
        "entities.csv": verify_draw.format_csv("entities.csv", entities),
        "inspectors.csv": verify_draw.format_csv("inspectors.csv", inspectors),
        "conflicts.csv": verify_draw.format_csv("conflicts.csv", conflicts),
        "sizes.csv": verify_draw.format_csv("sizes.csv", sizes),
    }


def _json(value) -> bytes:
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    ).encode()


def write_published(directory: pathlib.Path, secret=SECRET, public_value=PUBLIC_VALUE):
    """Write a complete, valid set of published files to `directory`."""
    files = pool_files()
    plan = {
        "version": "1",
        "plan": "杭市监抽〔2026〕1号",
        "team_size": TEAM_SIZE,
        "commitment": hashlib.sha256(secret.encode()).hexdigest(),
        "public_value_source": "福彩3D第2026060期",
        "files": {
            name: hashlib.sha256(data).hexdigest() for name, data in files.items()
        },
        "recusals": {"declared": 1, "own_unit_cases": 0},
    }
    seed = verify_draw.seed_from(secret, public_value)
    drawn = verify_draw.draw(
        seed=seed, entities=ENTITIES, sizes={s: int(n) for s, n in SIZES}
    )
    teams = verify_draw.assign_teams(
        seed=seed,
        drawn=drawn,
        inspectors=[code for code, _unit in INSPECTORS],
        conflicts=CONFLICTS,
        team_size=TEAM_SIZE,
    )
    files["plan.json"] = _json(plan)
    files["draw.json"] = _json(
        {"version": "1", "secret": secret, "public_value": public_value, "seed": seed}
    )
    files["drawn.csv"] = verify_draw.format_csv("drawn.csv", drawn)
    files["teams.csv"] = verify_draw.format_csv("teams.csv", teams)
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return files
