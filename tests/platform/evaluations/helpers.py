"""Constants shared by the evaluations tests."""

from __future__ import annotations

from pathlib import Path

FILING = Path(__file__).parents[2] / "core" / "evaluation" / "data" / "cement-filing.json"
NO_VETO = {f"V{i}": False for i in range(1, 7)}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
