"""Global Public Security Index: raw-data loaders and the build/publish pipeline."""

__version__ = "0.1.0"
