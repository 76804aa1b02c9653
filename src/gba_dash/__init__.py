"""gba-dash: science and technology innovation in the Guangdong–Hong Kong–Macao Greater Bay Area."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gba-dash")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
