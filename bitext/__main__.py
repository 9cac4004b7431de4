"""``python -m bitext`` is the ``bitext`` command."""
from bitext.cli import main

main()
