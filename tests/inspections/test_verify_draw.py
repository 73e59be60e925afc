"""The draw of spec version 1, checked against values computed here with hashlib."""

import hashlib
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from portal.inspections import verify_draw
from tests.inspections.draw_files import (
    CONFLICTS,
    ENTITIES,
    INSPECTORS,
    PUBLIC_VALUE,
    SECRET,
    pool_files,
    write_published,
)

SEED = "36091a15329e1cd1dc37beb404ea0d6fceef23566c829359f8d91d242a512438"
SCRIPT = pathlib.Path(verify_draw.__file__)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TestCanonicalFiles:
    def test_exact_bytes_of_a_small_pool(self):
        files = pool_files()
        assert files["entities.csv"] == (
            b"stratum,code\n"
            b"330102,91330100MA2AAAAA1X\n"
            b"330102,91330100MA2BBBBB2X\n"
            b"330106,91330100MA2CCCCC3X\n"
        )
        assert files["inspectors.csv"] == b"inspector,unit\nI001,a1\nI002,a1\nI003,a2\n"
        assert files["conflicts.csv"] == b"inspector,code\nI001,91330100MA2CCCCC3X\n"
        assert files["sizes.csv"] == b"stratum,size\n330102,1\n330106,1\n"

    def test_empty_file_is_its_header(self):
        assert verify_draw.format_csv("conflicts.csv", []) == b"inspector,code\n"

    def test_sha256_is_stable(self):
        assert verify_draw.sha256_hex(pool_files()["sizes.csv"]) == (
            hashlib.sha256(b"stratum,size\n330102,1\n330106,1\n").hexdigest()
        )

    def test_plan_json_is_sorted_indented_utf8(self):
        data = verify_draw.plan_json({"plan": "杭市监抽〔2026〕1号", "version": "1"})
        assert (
            data
            == '{\n  "plan": "杭市监抽〔2026〕1号",\n  "version": "1"\n}\n'.encode()
        )

    @pytest.mark.parametrize("bad", ["a,b", 'a"b', "a b", "", "甲"])
    def test_codes_outside_the_alphabet_are_refused(self, bad):
        with pytest.raises(ValueError):
            verify_draw.check_code(bad, "code")


class TestSeedAndRanks:
    def test_commitment_is_sha256_of_the_secret(self):
        assert verify_draw.commitment_of(SECRET) == (
            "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e"
        )

    def test_seed_from_secret_and_public_value(self):
        assert verify_draw.seed_from(SECRET, PUBLIC_VALUE) == SEED
        assert sha("v1|" + SECRET + "|" + PUBLIC_VALUE) == SEED

    def test_public_value_is_stripped_and_nfc(self):
        decomposed = "\u0065\u0301"  # e + combining acute: NFC is "\u00e9"
        assert verify_draw.seed_from(SECRET, f"  {decomposed} \n") == sha(
            "v1|" + SECRET + "|\u00e9"
        )

    def test_entity_rank(self):
        assert verify_draw.entity_rank(SEED, "330102", "91330100MA2AAAAA1X") == (
            "7efff2fe90d2ecbdff170ab1bb9c23663d1d4a81733c8bb17ed7500d62ee32ba"
        )

    def test_draw_takes_the_lowest_ranks_per_stratum(self):
        drawn = verify_draw.draw(
            seed=SEED, entities=ENTITIES, sizes={"330102": 1, "330106": 1}
        )
        # 47c1… < 7eff… in 330102; 330106 has one entity.
        assert drawn == [
            (
                "330102",
                "91330100MA2BBBBB2X",
                "47c14606f998d74027b1b33ed3e5b874124b62cc6b33c9417b79cb12aa1ca5e3",
            ),
            (
                "330106",
                "91330100MA2CCCCC3X",
                "09e451a0f8d85fe3be6bbefcfac5db0262bbbda8772767b4b75e9b7c7257ff08",
            ),
        ]

    def test_teams_rank_inspectors_and_skip_conflicts(self):
        drawn = verify_draw.draw(
            seed=SEED, entities=ENTITIES, sizes={"330102": 1, "330106": 1}
        )
        teams = verify_draw.assign_teams(
            seed=SEED,
            drawn=drawn,
            inspectors=[code for code, _ in INSPECTORS],
            conflicts=CONFLICTS,
            team_size=2,
        )
        expected = []
        for _stratum, code, _rank in drawn:
            ranked = sorted(
                (sha(f"v1|inspector|{SEED}|{code}|{inspector}"), inspector)
                for inspector, _unit in INSPECTORS
                if (inspector, code) not in CONFLICTS
            )
            expected += [(code, inspector) for _r, inspector in ranked[:2]]
        assert teams == expected
        assert ("91330100MA2CCCCC3X", "I001") not in teams

    def test_too_few_free_inspectors_names_the_entity(self):
        with pytest.raises(verify_draw.DrawError, match="91330100MA2CCCCC3X"):
            verify_draw.assign_teams(
                seed=SEED,
                drawn=[("330106", "91330100MA2CCCCC3X", "0")],
                inspectors=["I001", "I002"],
                conflicts=CONFLICTS,
                team_size=2,
            )


def run_alone(directory: pathlib.Path) -> subprocess.CompletedProcess:
    """Run verify_draw.py as its own copy, isolated from the project and packages."""
    shutil.copy(SCRIPT, directory / "verify_draw.py")
    return subprocess.run(
        # -I: no environment, no user site, no current directory on the path;
        # -S: no site-packages either, so only the standard library is there.
        [sys.executable, "-I", "-S", "verify_draw.py", "."],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestStandalone:
    def test_reproduces_the_draw_with_only_the_standard_library(self, tmp_path):
        write_published(tmp_path)
        done = run_alone(tmp_path)
        assert done.returncode == 0, done.stderr
        assert "OK" in done.stdout
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "conflicts.csv",
            "draw.json",
            "drawn.csv",
            "entities.csv",
            "inspectors.csv",
            "plan.json",
            "sizes.csv",
            "teams.csv",
            "verify_draw.py",
        ]

    def test_one_pool_row_changed(self, tmp_path):
        write_published(tmp_path)
        path = tmp_path / "entities.csv"
        path.write_bytes(path.read_bytes().replace(b"MA2AAAAA1X", b"MA2AAAAA9X"))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "entities.csv: SHA-256 differs" in done.stderr

    def test_pool_and_its_hash_changed_together_changes_the_draw(self, tmp_path):
        write_published(tmp_path)
        entities = tmp_path / "entities.csv"
        entities.write_bytes(entities.read_bytes().replace(b"BBBBB2X", b"BBBBB3X"))
        plan = json.loads((tmp_path / "plan.json").read_text())
        plan["files"]["entities.csv"] = hashlib.sha256(
            entities.read_bytes()
        ).hexdigest()
        (tmp_path / "plan.json").write_text(json.dumps(plan))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "drawn.csv: line 2 differs" in done.stderr

    def test_a_different_public_value(self, tmp_path):
        write_published(tmp_path)
        draw = json.loads((tmp_path / "draw.json").read_text())
        draw["public_value"] = "福彩3D 2026060期：5 8 3"
        (tmp_path / "draw.json").write_text(json.dumps(draw))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "seed is not derived" in done.stderr

    def test_a_different_seed_recomputed_honestly_cannot_match(self, tmp_path):
        # Someone keeps the secret but brings another public value and its
        # correct seed: the published drawn.csv no longer matches.
        write_published(tmp_path)
        other = "福彩3D 2026061期：0 0 0"
        draw = json.loads((tmp_path / "draw.json").read_text())
        draw.update(public_value=other, seed=verify_draw.seed_from(SECRET, other))
        (tmp_path / "draw.json").write_text(json.dumps(draw))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "drawn.csv: line 2 differs" in done.stderr

    def test_a_different_secret(self, tmp_path):
        write_published(tmp_path)
        other = "f" * 64
        draw = json.loads((tmp_path / "draw.json").read_text())
        draw.update(secret=other, seed=verify_draw.seed_from(other, PUBLIC_VALUE))
        (tmp_path / "draw.json").write_text(json.dumps(draw))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "does not match plan.json's commitment" in done.stderr

    def test_a_different_sample_size(self, tmp_path):
        write_published(tmp_path)
        (tmp_path / "sizes.csv").write_bytes(b"stratum,size\n330102,2\n330106,1\n")
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "sizes.csv: SHA-256 differs" in done.stderr

    def test_a_sample_size_and_its_hash_changed_together(self, tmp_path):
        write_published(tmp_path)
        sizes = tmp_path / "sizes.csv"
        sizes.write_bytes(b"stratum,size\n330102,2\n330106,1\n")
        plan = json.loads((tmp_path / "plan.json").read_text())
        plan["files"]["sizes.csv"] = hashlib.sha256(sizes.read_bytes()).hexdigest()
        (tmp_path / "plan.json").write_text(json.dumps(plan))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "drawn.csv: line 3 differs" in done.stderr

    def test_a_row_added_to_drawn_csv(self, tmp_path):
        write_published(tmp_path)
        with open(tmp_path / "drawn.csv", "ab") as drawn:
            drawn.write(b"330102,91330100MA2AAAAA1X,00\n")
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "drawn.csv" in done.stderr

    def test_a_team_member_swapped(self, tmp_path):
        write_published(tmp_path)
        teams = tmp_path / "teams.csv"
        lines = teams.read_bytes().split(b"\n")
        lines[1] = lines[1].rsplit(b",", 1)[0] + b",I999"
        teams.write_bytes(b"\n".join(lines))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "teams.csv: line 2 differs" in done.stderr

    def test_rows_out_of_canonical_order(self, tmp_path):
        write_published(tmp_path)
        inspectors = tmp_path / "inspectors.csv"
        inspectors.write_bytes(b"inspector,unit\nI002,a1\nI001,a1\nI003,a2\n")
        plan = json.loads((tmp_path / "plan.json").read_text())
        plan["files"]["inspectors.csv"] = hashlib.sha256(
            inspectors.read_bytes()
        ).hexdigest()
        (tmp_path / "plan.json").write_text(json.dumps(plan))
        done = run_alone(tmp_path)
        assert done.returncode == 1
        assert "inspectors.csv: not in canonical order" in done.stderr
