"""greenmfg: the green manufacturing system (绿色制造体系) platform."""

__version__ = "0.1.0"
