"""enablekit: sales and marketing enablement as code."""

__version__ = "0.1.0"
