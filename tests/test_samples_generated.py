"""The bundled samples are exactly what samples/generate.py writes: anyone can see and rebuild them."""

import filecmp

import generate

from conftest import SAMPLES


def test_generator_reproduces_the_committed_samples(tmp_path):
    generate.generate(tmp_path)
    for name in ("members.csv", "approvers.csv", "expected.json"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name
    comparison = filecmp.dircmp(tmp_path / "inbox", SAMPLES / "inbox")
    differing = []

    def walk(c, prefix=""):
        differing.extend(prefix + n for n in c.left_only + c.right_only + c.diff_files)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    # dircmp compares shallowly by size and mtime; compare bytes to be sure.
    for folder in (tmp_path / "inbox").iterdir():
        for file in folder.iterdir():
            if file.read_bytes() != (SAMPLES / "inbox" / folder.name / file.name).read_bytes():
                differing.append(f"{folder.name}/{file.name}")
    assert sorted(set(differing)) == []
