"""bitext: Turkish–English text alignment, translation QA, annotation and corpus export."""
__version__ = "0.1.0"
