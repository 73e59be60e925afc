"""Re-run a random-inspection draw from its published files (spec version 1).

Standard library only, so that anyone can check a draw with nothing but
Python 3:

    python3 verify_draw.py DIR

DIR holds what the plan published: plan.json, entities.csv, inspectors.csv,
conflicts.csv, sizes.csv and, after the draw, draw.json, drawn.csv and
teams.csv. The script checks each pool file's SHA-256 against plan.json, the
secret against the commitment and the seed against the secret and public
value, recomputes drawn.csv and teams.csv, and compares them byte for byte
with the published ones. It prints what matches and exits 0, or names the
first mismatch and exits 1.

The portal imports the same functions to make the draw, so the draw and its
check are one implementation.
"""

import argparse
import hashlib
import json
import pathlib
import re
import sys
import unicodedata

VERSION = "1"
POOL_FILES = ("entities.csv", "inspectors.csv", "conflicts.csv", "sizes.csv")
HEADERS = {
    "entities.csv": ("stratum", "code"),
    "inspectors.csv": ("inspector", "unit"),
    "conflicts.csv": ("inspector", "code"),
    "sizes.csv": ("stratum", "size"),
    "drawn.csv": ("stratum", "code", "rank"),
    "teams.csv": ("code", "inspector"),
}
_CODE = re.compile(r"[0-9A-Za-z_.:-]+")
SECRET_PATTERN = re.compile(r"[0-9a-f]{64}")


class Mismatch(Exception):
    """A published file or value that does not agree with the others.

    `key` and `facts` name the problem for a page that explains it in another
    language; the message is the English one this script prints.
    """

    def __init__(self, message: str, *, key: str = "other", **facts):
        super().__init__(message)
        self.key = key
        self.facts = facts


class Step(str):
    """A check that passed: its English line, with a key and facts as Mismatch."""

    def __new__(cls, message: str, *, key: str, **facts):
        step = super().__new__(cls, message)
        step.key = key
        step.facts = facts
        return step


class DrawError(Exception):
    """A draw that cannot be made from these pools (no partial result)."""


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of the bytes, as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def commitment_of(secret: str) -> str:
    """Return the commitment published for a secret."""
    return sha256_hex(secret.encode("ascii"))


def normalise_public_value(value: str) -> str:
    """Return the public value as the seed uses it: stripped, NFC."""
    return unicodedata.normalize("NFC", value.strip())


def seed_from(secret: str, public_value: str) -> str:
    """Return the seed derived from the secret and the (normalised) public value."""
    value = normalise_public_value(public_value)
    return sha256_hex(("v1|" + secret + "|" + value).encode("utf-8"))


def entity_rank(seed: str, stratum: str, code: str) -> str:
    """Return an entity's rank within its stratum for this seed."""
    text = "v1|entity|" + seed + "|" + stratum + "|" + code
    return sha256_hex(text.encode("utf-8"))


def inspector_rank(seed: str, code: str, inspector: str) -> str:
    """Return an inspector's rank for a drawn entity for this seed."""
    text = "v1|inspector|" + seed + "|" + code + "|" + inspector
    return sha256_hex(text.encode("utf-8"))


def check_code(value: str, what: str) -> str:
    """Return a valid code or stratum label; raise ValueError for others."""
    if not _CODE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is not made of [0-9A-Za-z_.:-]")
    return value


def format_csv(name: str, rows) -> bytes:
    """Return a file's canonical bytes: header, rows joined by ",", "\\n" ends."""
    lines = [",".join(HEADERS[name])]
    lines.extend(",".join(str(field) for field in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_csv(name: str, data: bytes) -> list[tuple[str, ...]]:
    """Return a file's rows, refusing anything but its canonical form."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Mismatch(f"{name}: not UTF-8", key="format", name=name) from error
    if text.startswith("\ufeff") or "\r" in text or not text.endswith("\n"):
        raise Mismatch(
            f"{name}: not canonical (BOM, CR or no final newline)",
            key="format",
            name=name,
        )
    lines = text[:-1].split("\n")
    header = HEADERS[name]
    if tuple(lines[0].split(",")) != header:
        raise Mismatch(
            f"{name}: header is not {','.join(header)}", key="format", name=name
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = tuple(line.split(","))
        if len(fields) != len(header) or not all(fields):
            raise Mismatch(
                f"{name}: line {number} does not have {len(header)} fields",
                key="format",
                name=name,
            )
        rows.append(fields)
    return rows


def plan_json(plan: dict) -> bytes:
    """Return plan.json's or draw.json's canonical bytes."""
    text = json.dumps(plan, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    return text.encode("utf-8")


def draw(*, seed: str, entities, sizes: dict[str, int]) -> list[tuple[str, str, str]]:
    """Return the drawn (stratum, code, rank) rows: lowest `size` ranks per stratum."""
    by_stratum: dict[str, list[str]] = {}
    for stratum, code in entities:
        by_stratum.setdefault(stratum, []).append(code)
    drawn = []
    for stratum in sorted(by_stratum):
        ranked = sorted(
            (entity_rank(seed, stratum, code), code) for code in by_stratum[stratum]
        )
        size = sizes.get(stratum, 0)
        if not 0 <= size <= len(ranked):
            raise DrawError(
                f"stratum {stratum}: size {size} is not between 0 and {len(ranked)}"
            )
        drawn.extend((stratum, code, rank) for rank, code in ranked[:size])
    return drawn


def assign_teams(
    *, seed: str, drawn, inspectors, conflicts, team_size: int
) -> list[tuple[str, str]]:
    """Return the (code, inspector) rows: the lowest-ranked m free inspectors each."""
    if team_size < 2:
        raise DrawError(f"team size {team_size} is below 2")
    barred = set(conflicts)
    teams = []
    for _stratum, code, _rank in drawn:
        ranked = sorted(
            (inspector_rank(seed, code, inspector), inspector)
            for inspector in inspectors
            if (inspector, code) not in barred
        )
        if len(ranked) < team_size:
            raise DrawError(
                f"entity {code}: {len(ranked)} inspectors without a conflict, "
                f"team size {team_size}"
            )
        teams.extend((code, inspector) for _rank, inspector in ranked[:team_size])
    return teams


def _canonical(name: str, data: bytes, rows) -> None:
    if format_csv(name, rows) != data:
        raise Mismatch(
            f"{name}: not in canonical order or has duplicate rows",
            key="format",
            name=name,
        )


def _read(files, name: str) -> bytes:
    if name not in files:
        raise Mismatch(f"{name}: missing", key="missing", name=name)
    return files[name]


def _load_json(files, name: str) -> dict:
    try:
        value = json.loads(_read(files, name).decode("utf-8"))
    except ValueError as error:
        raise Mismatch(
            f"{name}: not valid JSON ({error})", key="json", name=name
        ) from error
    if not isinstance(value, dict) or value.get("version") != VERSION:
        raise Mismatch(f"{name}: not a version {VERSION} file", key="json", name=name)
    return value


def _pools(files, plan: dict, say) -> dict:
    hashes = plan.get("files") or {}
    data = {}
    for name in POOL_FILES:
        data[name] = _read(files, name)
        if sha256_hex(data[name]) != hashes.get(name):
            raise Mismatch(
                f"{name}: SHA-256 differs from plan.json", key="hash", name=name
            )
        say(Step(f"{name}: SHA-256 matches plan.json", key="hash", name=name))
    entities = sorted(set(parse_csv("entities.csv", data["entities.csv"])))
    _canonical("entities.csv", data["entities.csv"], entities)
    inspectors = sorted(set(parse_csv("inspectors.csv", data["inspectors.csv"])))
    _canonical("inspectors.csv", data["inspectors.csv"], inspectors)
    conflicts = sorted(set(parse_csv("conflicts.csv", data["conflicts.csv"])))
    _canonical("conflicts.csv", data["conflicts.csv"], conflicts)
    size_rows = parse_csv("sizes.csv", data["sizes.csv"])
    _canonical("sizes.csv", data["sizes.csv"], sorted(set(size_rows)))
    sizes = {}
    for stratum, size in size_rows:
        if not size.isdigit() or stratum in sizes:
            raise Mismatch(
                f"sizes.csv: bad or repeated size for stratum {stratum}",
                key="format",
                name="sizes.csv",
            )
        sizes[stratum] = int(size)
    if set(sizes) != {stratum for stratum, _code in entities}:
        raise Mismatch(
            "sizes.csv: strata differ from those in entities.csv",
            key="format",
            name="sizes.csv",
        )
    codes = [code for _stratum, code in entities]
    if len(set(codes)) != len(codes):
        raise Mismatch(
            "entities.csv: an entity appears in two strata",
            key="format",
            name="entities.csv",
        )
    for row in entities + inspectors + conflicts:
        for value in row:
            try:
                check_code(value, "code")
            except ValueError as error:
                raise Mismatch(f"pool files: {error}", key="format", name="") from error
    team_size = plan.get("team_size")
    if not isinstance(team_size, int) or team_size < 2:
        raise Mismatch(
            "plan.json: team_size must be a whole number of at least 2",
            key="format",
            name="plan.json",
        )
    return {
        "entities": entities,
        "inspectors": [inspector for inspector, _unit in inspectors],
        "conflicts": conflicts,
        "sizes": sizes,
        "team_size": team_size,
    }


def verify_pools(files, say=print) -> dict:
    """Check plan.json and the pool files of a committed plan; return the pools.

    `files` maps file names to their bytes. Raise Mismatch at the first problem.
    """
    plan = _load_json(files, "plan.json")
    return _pools(files, plan, say)


def verify_files(files, say=print) -> None:
    """Check a published draw given as {file name: bytes}; raise Mismatch if wrong."""
    plan = _load_json(files, "plan.json")
    pools = _pools(files, plan, say)
    revealed = _load_json(files, "draw.json")
    secret = revealed.get("secret")
    public_value = revealed.get("public_value")
    if not isinstance(secret, str) or not SECRET_PATTERN.fullmatch(secret):
        raise Mismatch(
            "draw.json: the secret is not 64 lowercase hex characters",
            key="format",
            name="draw.json",
        )
    if commitment_of(secret) != plan.get("commitment"):
        raise Mismatch(
            "draw.json: the secret does not match plan.json's commitment",
            key="commitment",
        )
    say(
        Step(
            "draw.json: the secret matches the commitment published before the draw",
            key="commitment",
        )
    )
    if not isinstance(public_value, str) or (
        normalise_public_value(public_value) != public_value
    ):
        raise Mismatch(
            "draw.json: the public value is not in normalised form",
            key="format",
            name="draw.json",
        )
    seed = seed_from(secret, public_value)
    if revealed.get("seed") != seed:
        raise Mismatch(
            "draw.json: the seed is not derived from secret and public value",
            key="seed",
        )
    say(
        Step(
            f"draw.json: seed {seed} derives from the secret and {public_value!r}",
            key="seed",
            seed=seed,
            public_value=public_value,
        )
    )
    try:
        drawn = draw(seed=seed, entities=pools["entities"], sizes=pools["sizes"])
        teams = assign_teams(
            seed=seed,
            drawn=drawn,
            inspectors=pools["inspectors"],
            conflicts=pools["conflicts"],
            team_size=pools["team_size"],
        )
    except DrawError as error:
        raise Mismatch(
            f"the draw cannot be made: {error}", key="cannot_draw"
        ) from error
    for name, rows in (("drawn.csv", drawn), ("teams.csv", teams)):
        expected = format_csv(name, rows).split(b"\n")
        published = _read(files, name).split(b"\n")
        for number, (mine, theirs) in enumerate(
            zip(expected, published, strict=False), start=1
        ):
            if mine != theirs:
                raise Mismatch(
                    f"{name}: line {number} differs from the recomputed draw",
                    key="line",
                    name=name,
                    line=number,
                )
        if len(expected) != len(published):
            raise Mismatch(
                f"{name}: length differs from the recomputed draw",
                key="length",
                name=name,
            )
        say(
            Step(
                f"{name}: matches the recomputed draw ({len(rows)} rows)",
                key="recomputed",
                name=name,
                rows=len(rows),
            )
        )


def read_directory(directory) -> dict[str, bytes]:
    """Return the published files found in `directory`, by name."""
    directory = pathlib.Path(directory)
    names = (*POOL_FILES, "plan.json", "draw.json", "drawn.csv", "teams.csv")
    return {
        name: (directory / name).read_bytes()
        for name in names
        if (directory / name).is_file()
    }


def verify(directory, say=print) -> None:
    """Check a published draw in `directory`; raise Mismatch at the first problem."""
    verify_files(read_directory(directory), say)


def main(argv=None) -> int:
    """Verify the draw in the directory named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="folder with the plan's published files")
    arguments = parser.parse_args(argv)
    try:
        verify(arguments.directory)
    except Mismatch as error:
        print(f"MISMATCH: {error}", file=sys.stderr)
        return 1
    print("OK: the draw is the one the commitment fixed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
