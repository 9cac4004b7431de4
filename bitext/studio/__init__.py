"""Label Studio: local server, labeling config, push with predictions, pull, exports, agreement,
learning from annotations. Modules: server, config, tasks, pull, export, agreement, learn.

label-studio-sdk (and the server) come with the ``studio`` extra: ``pip install 'bitext[studio]'``;
the rest of bitext never imports them.
"""
from __future__ import annotations

from bitext.errors import StudioError


def sdk():
    """The ``label_studio_sdk`` module, or StudioError naming the extra that installs it."""
    try:
        import label_studio_sdk
    except ImportError:
        raise StudioError("label-studio-sdk is not installed (bitext's core leaves it out)",
                          fix="pip install 'bitext[studio]'") from None
    return label_studio_sdk
