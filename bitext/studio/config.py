"""The labeling config (``bitext/data/labeling_config.xml``; ``annotations/`` links to it) and
checks against it.

Label Studio accepts results that do not fit the config, so everything is validated here with
``LabelInterface`` before it is sent, and every text span is checked: ``text[start:end]``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bitext.errors import StudioError
from bitext.paths import annotations_dir, data_file
from bitext.records import ENTITY_TYPES

ANNOTATIONS = annotations_dir()
CONFIG_PATH = data_file("labeling_config.xml")
GUIDELINES_PATH = data_file("GUIDELINES.md")
DEFAULT_TARGET = "a NATO-like defence alliance among Turkic states"
STANCES: tuple[str, ...] = ("FAVOR", "AGAINST", "NONE")  # SemEval-2016 Task 6
ISSUES: tuple[str, ...] = ("ADD", "DEL", "MEAN", "NUM", "NE", "UNTRANSLATED", "TERM", "PUNCT", "FLUENCY")
SIDES: dict[str, str] = {"tr": "tr_entities", "en": "en_entities"}  # text name -> Labels name


def load_config(path: Path = CONFIG_PATH) -> str:
    """The labeling config XML, validated (names, toName links, the labels bitext relies on)."""
    try:
        xml = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StudioError("labeling config not found", path=str(path),
                          fix="reinstall bitext (the file ships in the package)") from None
    _check(interface(xml), path)
    return xml


@lru_cache(maxsize=4)
def interface(xml: str):
    from bitext.studio import sdk
    sdk()
    from label_studio_sdk.label_interface import LabelInterface
    try:
        li = LabelInterface(xml)
        li.validate()
    except Exception as err:  # the SDK raises several kinds for a broken config
        raise StudioError(f"invalid labeling config: {err}", path=str(CONFIG_PATH),
                          fix="fix the XML; Label Studio's config docs list the tags") from None
    return li


def _check(li, path: Path) -> None:
    want = {**{name: ENTITY_TYPES for name in SIDES.values()}, "stance": STANCES, "issues": ISSUES}
    for name, labels in want.items():
        try:
            have = li.get_control(name).labels
        except Exception:
            raise StudioError(f"the config has no control named {name!r}", path=str(path),
                              fix=f"add <... name=\"{name}\"> back to the config") from None
        missing = set(labels) - set(have)
        if missing:
            raise StudioError(f"control {name!r} lacks labels {sorted(missing)}", path=str(path),
                              fix="add the missing <Label>/<Choice> values")


def guidelines_html(path: Path = GUIDELINES_PATH) -> str:
    """The guidelines as the project's instructions (Markdown shown preformatted, escaped)."""
    import html
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StudioError("guidelines not found", path=str(path),
                          fix="reinstall bitext (the file ships in the package)") from None
    return f'<pre style="white-space: pre-wrap; font-family: inherit">{html.escape(text)}</pre>'


def validate_prediction(xml: str, prediction: dict, data: dict, where: str) -> None:
    """Raise StudioError unless ``prediction`` fits the config and every span fits its text."""
    errors = list(interface(xml).validate_prediction(prediction, return_errors=True))
    for i, region in enumerate(prediction.get("result", ())):
        value = region.get("value", {})
        if "start" not in value:
            continue
        text = data.get(region.get("to_name"), "")
        start, end = value["start"], value["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            errors.append(f"region {i}: span [{start}, {end}) outside the {region.get('to_name')} text")
        elif text[start:end] != value.get("text"):
            errors.append(f"region {i}: text[{start}:{end}] is {text[start:end]!r}, "
                          f"the prediction says {value.get('text')!r}")
    if errors:
        raise StudioError(f"invalid prediction for {where}: {'; '.join(errors)}",
                          fix="offsets must be code points into the NFC text; labels must be in "
                              "the labeling config")
