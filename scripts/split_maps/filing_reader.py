"""How ``scripts/split_module.py`` splits ``greenmfg/core/filing/reader.py``."""

MAPPING = {
    "default": "reading",
    "shared": "base",
    "docstrings": {
        "base": "Limits of the filing reader and helpers its formats share.",
        "reading": "Reading a filing from a path or bytes, whatever its format.",
        "json_input": "Filings as JSON, with each problem located by its JSON path.",
        "tables": "Rows of a filing table (CSV or xlsx) turned into a filing.",
        "csv_input": "Filings as CSV.",
        "xlsx_input": "Filings as xlsx workbooks, formulas refused.",
        "validation": "Validation of a filing dict against the model, problems located.",
    },
    "modules": {
        "base": ["MAX_BYTES", "MAX_UNZIPPED", "FIRST_DATA_ROW"],
        "reading": ["read_filing", "read_filing_bytes"],
        "json_input": ["_read_json"],
        "tables": ["_TableLocator", "_cell_text", "_convert", "_records", "_assemble"],
        "csv_input": ["_read_csv"],
        "xlsx_input": ["_formula_cells", "_match_sheet", "_read_xlsx"],
        "validation": [
            "_JsonLocator",
            "_col",
            "_ref",
            "_column_of",
            "_validate",
            "_expected",
            "validate_dict",
        ],
    },
}
