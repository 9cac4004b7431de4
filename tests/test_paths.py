"""Where bitext reads its data and writes the user's files (bitext.paths)."""
from __future__ import annotations

from pathlib import Path

from bitext import paths

REPO = Path(__file__).resolve().parent.parent


def test_annotations_files_are_the_package_data():
    for name in ("glossary.tsv", "labeling_config.xml", "GUIDELINES.md"):
        link = REPO / "annotations" / name
        assert link.is_symlink() and link.resolve() == paths.data_file(name).resolve(), name
        assert paths.data_file(name).is_file()


def test_defaults_read_the_packaged_files(tmp_path, monkeypatch):
    from bitext.entities import glossary
    from bitext.studio import config
    monkeypatch.chdir(tmp_path)  # a folder of the user's with an annotations/ of its own
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "glossary.tsv").write_text("id\ttype\ttr\ten\n", encoding="utf-8")
    monkeypatch.delenv("BITEXT_GLOSSARY", raising=False)
    assert glossary.default_path() == paths.data_file("glossary.tsv")
    assert config.CONFIG_PATH == paths.data_file("labeling_config.xml")
    assert config.GUIDELINES_PATH.is_relative_to(paths.DATA)


def test_user_dirs_follow_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_DATA", str(tmp_path / "d"))
    monkeypatch.setenv("BITEXT_CACHE", str(tmp_path / "c"))
    assert paths.data_dir() == tmp_path / "d" and paths.cache_dir() == tmp_path / "c"
    monkeypatch.setenv("BITEXT_ANNOTATIONS", str(tmp_path / "a"))
    assert paths.annotations_dir() == tmp_path / "a"
    monkeypatch.delenv("BITEXT_ANNOTATIONS")
    assert paths.checkout() == REPO and paths.annotations_dir() == REPO / "annotations"
    monkeypatch.delenv("BITEXT_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir() == tmp_path / "xdg" / "bitext"  # platformdirs' user data dir
