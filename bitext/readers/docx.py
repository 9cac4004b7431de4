"""Word (.docx): the body's paragraphs and table cells in document order (python-docx); page
headers and footers are not part of the body and stay out."""
from __future__ import annotations

import io
from collections import Counter

from bitext.errors import InputError
from bitext.readers import clean
from bitext.readers.base import Extract


def read(data: bytes, path: str) -> Extract:
    """The text of a .docx body, one paragraph per Word paragraph, separated by blank lines."""
    import docx
    from docx.table import Table
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises KeyError/ValueError/lxml errors on broken parts
        raise InputError(f"not a readable Word file ({type(err).__name__})", path=path,
                         fix="open it in Word and save it again as .docx") from None
    counts: Counter = Counter()
    paras: list[str] = []
    cells = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    cells += 1
                    paras += [p.text for p in cell.paragraphs]
        else:
            paras.append(item.text)
    texts = [" ".join(clean.normalise(t, counts).split()) for t in paras]
    texts = [t for t in texts if t]
    notes = [f"{len(texts)} paragraphs" + (f" ({cells} table cells)" if cells else "")]
    return Extract("docx", "\n\n".join(texts), notes=notes + clean.notes(counts))
