"""The divergence classifier: synthetic training data (``synthetic``), the model and its file
(``model``), and training (``train``). ``bitext check`` reads its output via ``check/classifier``."""
