"""Bad input and hostile files, one test per kind (issue 19): no traceback, nothing lost,
nothing destroyed. Real files, real subprocesses; no model runs (``--encoder length``/``none``)."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from bitext import corpus, formats, textcodec
from bitext.check.inputs import read_parallel, read_tsv
from bitext.errors import BitextError, InputError, OutputError, StudioError
from bitext.fileio import atomic_open, commit, file_mode, read_bytes, write_text

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO)}
TR = "Bu çalışma önemlidir. Sonuçlar şaşırtıcı değildir. Öğretmenlerin etkisi büyüktür.\n"
EN = "This study is important. The results are not surprising. The influence of teachers is great.\n"


def bitext(*args: str, cwd: Path | None = None, stdin: str | None = None,
           env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, text=True,
                          env={**ENV, **(env or {})}, cwd=cwd, timeout=300, input=stdin)


def one_error(res: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit 2, one line on stderr naming what is asked, no traceback."""
    assert res.returncode == 2, (res.returncode, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert lines[0].startswith("bitext: error: ") and all(n in lines[0] for n in needles), lines[0]
    return lines[0]


def bitextor_tsv(path: Path, rows: list[tuple[str, str]], src_lang="tr", tgt_lang="en",
                 score="0.9") -> Path:
    path.write_text("".join(f"doc\tdoc\t{s}\t{t}\t{score}\t0\t0\tabstract\t{src_lang}\t{tgt_lang}\n"
                            for s, t in rows), encoding="utf-8")
    return path


# ---------------------------------------------------------------- a quality gate that passes on a typo

def test_check_mistyped_file_names_are_an_error_not_sentences(tmp_path):
    one_error(bitext("check", "nosuch.tr", "nosuch.en", "--fail-on", "major", "--encoder", "none",
                     cwd=tmp_path), "nosuch.tr", "no such file", "--text")
    (tmp_path / "real.tr").write_text(TR, encoding="utf-8")
    one_error(bitext("check", "real.tr", "nosuch.en", "--encoder", "none", cwd=tmp_path),
              "nosuch.en", "no such file")
    res = bitext("check", "--text", "nosuch.tr", "nosuch.en", "--encoder", "none", cwd=tmp_path)
    assert res.returncode == 0 and "nosuch.tr" in res.stdout, res.stderr
    res = bitext("check", "Merhaba dünya.", "Hello world.", "--encoder", "none", cwd=tmp_path)
    assert res.returncode == 0, res.stderr  # sentences (not path-like) still work, as README shows


# ---------------------------------------------------------------- tracebacks

def test_lone_surrogate_in_jsonl_is_refused(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"translation": {"tr": "a\\ud800b", "en": "x"}}\n', encoding="utf-8")
    with pytest.raises(InputError, match="surrogate"):
        corpus.read(path)
    one_error(bitext("export", str(path), "-f", "tsv", "-o", str(tmp_path / "o.tsv")), "s.jsonl:1")
    from bitext.studio.tasks import read_pairs
    checked = tmp_path / "x.check.jsonl"
    checked.write_text('{"src": "\\udfff", "tgt": "x", "score": 0.1, "severity": "ok"}\n')
    with pytest.raises(InputError, match="x.check.jsonl:1.*surrogate"):
        list(read_pairs(checked))
    assert not (tmp_path / "o.tsv").exists()


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(InputError, match="deep.jsonl:1"):
        corpus.read(path)
    from bitext.studio.tasks import read_pairs
    checked = tmp_path / "deep.check.jsonl"
    checked.write_text('{"src": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    with pytest.raises(InputError, match="deep.check.jsonl:1"):
        list(read_pairs(checked))


def test_language_key_that_is_a_path_is_refused(tmp_path):
    path = tmp_path / "evil.jsonl"
    path.write_text('{"translation": {"../../evil": "a", "en": "b"}}\n', encoding="utf-8")
    one_error(bitext("export", str(path), "-f", "moses", "-o", str(tmp_path / "out" / "c")),
              "evil.jsonl:1", "not a language code")
    assert not list(tmp_path.parent.glob("evil*")) and not (tmp_path / "out").exists()


def test_rich_markup_in_names_is_printed_as_text(tmp_path):
    folder = tmp_path / "d["  # a path with "[/]" in it: folder "d[", file "]x.txt"
    folder.mkdir()
    (folder / "]x.txt").write_text("Kırım'daki gelişmeler ve NATO'nun rolü.\n", encoding="utf-8")
    res = bitext("entities", str(folder / "]x.txt"))
    assert res.returncode == 0 and "[/]x.txt" in res.stdout, res.stderr
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "a[bold]b.txt").write_text((REPO / "seeds" / "000_8326cda90e95f37e.txt").read_text())
    res = bitext("run", str(seeds), "--out", str(tmp_path / "o[/]x"), "--encoder", "length",
                 "--no-check")
    assert res.returncode == 0 and "a[bold]b" in res.stdout, res.stderr


def test_non_utf8_corpus_and_checker_records(tmp_path):
    from bitext.studio.tasks import read_pairs
    checked = tmp_path / "x.check.jsonl"
    checked.write_bytes('{"src": "Türkçe", "tgt": "Turkish"}\n'.encode("cp1254"))
    with pytest.raises(InputError, match="x.check.jsonl:1.*UTF-8"):
        list(read_pairs(checked))
    tsv = tmp_path / "p.tsv"
    tsv.write_bytes(b"\xff\xfe\x00\x00garbage\tx\n" + bytes(range(256)))
    with pytest.raises(InputError, match="p.tsv"):
        list(read_pairs(tsv))


def test_secret_files_empty_malformed_or_readable_by_others(tmp_path, monkeypatch, capsys):
    from bitext.studio import server
    monkeypatch.setenv("BITEXT_DATA", str(tmp_path))
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    token = tmp_path / "studio" / "token"
    token.parent.mkdir()
    token.write_text("\n")
    with pytest.raises(StudioError, match="token.*empty or malformed"):
        server.api_token()
    token.write_text("abc def\n")
    with pytest.raises(StudioError, match="malformed"):
        server.api_token()
    token.write_text("secret-value\n")
    token.chmod(0o644)
    assert server.api_token() == "secret-value"
    err = capsys.readouterr().err
    assert "readable by others" in err and "chmod 600" in err and "secret-value" not in err
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "bad\ntoken")
    with pytest.raises(StudioError, match="control characters"):
        server.connect()


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"pid": "x", "port": 1, "url": "u"}',
                                     '{"pid": 1, "port": 80, "url": "http://127.0.0.1:80"}'])
def test_damaged_server_state(tmp_path, content):
    (tmp_path / "studio").mkdir()
    (tmp_path / "studio" / "server.json").write_text(content)
    env = {"BITEXT_DATA": str(tmp_path), "LABEL_STUDIO_URL": ""}
    for cmd in ("status", "down"):
        one_error(bitext("studio", cmd, env=env), "server.json", "damaged")


def test_devices_fifos_and_huge_inputs_are_bounded(tmp_path):
    with pytest.raises(InputError, match="/dev/zero: is a device"):
        read_bytes("/dev/zero")
    one_error(bitext("check", "--pairs", "/dev/zero", "--encoder", "none"), "/dev/zero")
    one_error(bitext("align", "/dev/zero", "/dev/zero", "--encoder", "length"), "/dev/zero")
    fifo = tmp_path / "fifo.tsv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="fifo.tsv.*empty"):  # nobody writes: no wait
        corpus.read(fifo)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="larger than 1,024 bytes"):
        read_bytes(big, limit=1024)


def test_stdin_is_read_and_stdout_written_with_dash(tmp_path):
    rows = bitextor_tsv(tmp_path / "a.tsv", [("Bir.", "One."), ("İki.", "Two.")]).read_text()
    res = bitext("export", "-", "-f", "jsonl", "-o", "-", stdin=rows)
    assert res.returncode == 0, res.stderr
    assert [json.loads(x)["translation"] for x in res.stdout.splitlines()] == \
        [{"tr": "Bir.", "en": "One."}, {"tr": "İki.", "en": "Two."}]


# ---------------------------------------------------------------- data lost without a word

def test_run_collisions_refused_before_anything_is_written(tmp_path):
    seed = (REPO / "seeds" / "000_8326cda90e95f37e.txt").read_text()
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(seed)
    out = tmp_path / "out"
    one_error(bitext("run", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out),
                     "--encoder", "length"), "b/x.txt", ".tmx would overwrite", "a/x.txt")
    assert not out.exists()
    # x.check.txt's corpus x.check.jsonl and x.txt's check record (checks/x.check.jsonl) differ
    (tmp_path / "a" / "x.check.txt").write_text(seed)
    res = bitext("run", str(tmp_path / "a"), "--out", str(out), "--encoder", "length")
    assert res.returncode == 0, res.stderr
    assert (out / "x.check.jsonl").is_file() and (out / "checks" / "x.check.jsonl").is_file()


@pytest.mark.parametrize("fmt", ["tsv", "tmx"])
def test_same_language_on_both_sides_is_refused(tmp_path, fmt):
    rows = [formats.AlignedPair("a", "b", 0.5, (0,), (0,), "en", "en")]
    path = tmp_path / f"same.{fmt}"
    path.write_text((formats.tsv_text if fmt == "tsv" else formats.tmx_text)(rows), encoding="utf-8")
    one_error(bitext("export", str(path), "-f", "moses", "-o", str(tmp_path / "m")),
              f"same.{fmt}:1", "both sides are 'en'")
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    with pytest.raises(InputError, match="both sides"):
        formats.write_moses(tmp_path / "m", rows)


def test_utf8_file_with_one_bad_byte_is_not_decoded_as_cp1254():
    data = "An English text — with “quotes” and an ellipsis…\n".encode() + b"bad \xff byte\n"
    with pytest.raises(InputError, match=":2: invalid UTF-8"):
        textcodec.decode(data, "en.txt")
    turkish = "Türkçe metin: İTÜ’nün öğrencileri, ığdır.\n".encode("cp1254")
    assert textcodec.decode(turkish, "tr.txt")[1] in ("cp1254", "iso-8859-9")  # Ü’ = 0xdc 0x92


def test_cr_only_line_ends_are_read_alike_everywhere(tmp_path):
    from bitext.documents import read_presegmented
    src, tgt = tmp_path / "s.tr", tmp_path / "t.en"
    src.write_bytes("Bir kedi.\rİki köpek.\rÜç kuş.\r".encode())
    tgt.write_bytes(b"A cat.\rTwo dogs.\rThree birds.\r")
    assert len(read_parallel(src, tgt)) == 3
    assert len(read_presegmented(src)) == 3
    tsv = tmp_path / "p.tsv"
    tsv.write_bytes("Bir kedi.\tA cat.\rİki köpek.\tTwo dogs.\rÜç kuş.\tThree birds.\r".encode())
    assert len(read_tsv(tsv)) == 3 == len(corpus.read(tsv).rows)


def test_nan_and_infinity_are_never_written_as_json(tmp_path):
    for score in ("nan", "1e999", "-inf"):
        path = bitextor_tsv(tmp_path / "n.tsv", [("Bir.", "One.")], score=score)
        with pytest.raises(InputError, match="n.tsv:1: score .* not a finite number"):
            corpus.read(path)
    path = tmp_path / "n.jsonl"
    path.write_text('{"translation": {"tr": "a", "en": "b"}, "score": NaN}\n')
    with pytest.raises(InputError, match="n.jsonl:1"):
        corpus.read(path)
    with pytest.raises(ValueError):
        formats.jsonl_text([formats.AlignedPair("a", "b", float("nan"))])


# ---------------------------------------------------------------- the one reader

def test_one_reader_reads_every_corpus_format(tmp_path):
    pairs = [("Bir kedi uyuyor.", "A cat sleeps."), ("İki köpek koşuyor.", "Two dogs run.")]
    tsv = bitextor_tsv(tmp_path / "b.tsv", pairs)
    (tmp_path / "p.jsonl").write_text("".join(json.dumps({"translation": {"en-US": t, "tr-TR": s}})
                                              + "\n" for s, t in pairs))
    (tmp_path / "p.tmx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header srclang="tr-TR"/>'
        "<body>" + "".join(f'<tu><tuv xml:lang="tr-TR"><seg>{s}</seg></tuv><tuv xml:lang="en-US">'
                           f"<seg>{t}</seg></tuv></tu>" for s, t in pairs) + "</body></tmx>")
    (tmp_path / "m.tr").write_text("".join(s + "\n" for s, _ in pairs))
    (tmp_path / "m.en").write_text("".join(t + "\n" for _, t in pairs))
    for name in ("b.tsv", "p.jsonl", "p.tmx", "m.tr", "m.en"):
        assert read_tsv(tmp_path / name) == pairs, name  # check --pairs reads them all
        rows = corpus.read(tmp_path / name).rows
        assert {(r.src_lang, r.tgt_lang) for r in rows} <= {("tr", "en"), ("en", "tr")}
    assert read_tsv(tsv) == pairs  # text columns, not the URL columns


def test_tmx_entities_are_refused_never_expanded(tmp_path):
    path = tmp_path / "bomb.tmx"
    path.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e "EXPANDED">]>'
                    '<tmx version="1.4"><header srclang="tr"/><body><tu><tuv xml:lang="tr">'
                    '<seg>&e;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    with pytest.raises(InputError, match="bomb.tmx.*entit"):
        corpus.read(path)


def test_too_long_sentence_is_refused(tmp_path):
    long = tmp_path / "long.tr"
    long.write_text("Bu cümle çok uzun ve hiç bitmiyor gibi görünüyor " * 4_000 + "\n", encoding="utf-8")
    (tmp_path / "ok.en").write_text("A sentence.\n")
    one_error(bitext("align", str(long), str(tmp_path / "ok.en"), "--encoder", "length",
                     "--presegmented"), "long.tr:1", "not a sentence")
    one_error(bitext("align", str(long), str(tmp_path / "ok.en"), "--encoder", "length"),
              "long.tr", "not a sentence")


# ---------------------------------------------------------------- destroyed / modes

def test_special_files_are_written_in_place_never_replaced(tmp_path):
    rows = [formats.AlignedPair("Bir.", "One.", 0.9, (0,), (0,))]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    formats.write(fifo, "jsonl", rows)
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and json.loads(got[0])["translation"]["tr"] == "Bir."
    formats.write("/dev/null", "tmx", rows)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    target = tmp_path / "real.tsv"
    target.write_text("old")
    link = tmp_path / "link.tsv"
    link.symlink_to(target)
    formats.write(link, "tsv", rows)
    assert link.is_symlink() and "Bir." in target.read_text()
    res = bitext("export", str(target), "-f", "tmx", "-o", "/dev/stdout")
    assert res.returncode == 0 and "<tmx" in res.stdout, res.stderr


def test_modes_follow_the_umask_secrets_are_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "a.txt", "x")
        write_text(tmp_path / "s", "x", secret=True)
        assert file_mode() == 0o644
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "s").stat().st_mode) == 0o600


def test_group_of_outputs_all_or_nothing(tmp_path):
    (tmp_path / "a").write_text("old a")
    with pytest.raises(RuntimeError):
        with commit() as outs:
            outs.write_text(tmp_path / "a", "new a")
            outs.write_text(tmp_path / "b", "new b")
            raise RuntimeError("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"] and (tmp_path / "a").read_text() == "old a"
    with pytest.raises(OutputError, match="written twice"):
        with commit() as outs:
            outs.write_text(tmp_path / "c", "1")
            outs.write_text(tmp_path / "c", "2")
    assert not (tmp_path / "c").exists()
    with pytest.raises(OutputError, match="is a folder"), atomic_open(tmp_path):
        pass


def test_entity_offsets_point_into_nfd_text_as_given(tmp_path):
    text = unicodedata.normalize("NFD", "Meclis Başkanı Mustafa Şentop Bakü'de konuştu.\n")
    res = bitext("entities", "-", "--format", "jsonl", stdin=text)
    assert res.returncode == 0, res.stderr
    ents = [json.loads(x) for x in res.stdout.splitlines()]
    assert ents and all(text[e["start"]:e["end"]] == e["text"] for e in ents)


def test_errors_are_bitext_errors():
    assert issubclass(InputError, BitextError) and issubclass(OutputError, BitextError)
