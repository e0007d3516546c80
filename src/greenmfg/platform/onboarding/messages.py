"""Fixed texts of the core's onboarding readers (greenmfg.core.onboarding), marked here
for translation: the pages show an import problem's message and expectation through
``gettext`` (a template with placeholders is translated, then filled with its params)."""

from django.utils.translation import gettext_noop

CORE_TEXTS = (
    gettext_noop("the PDF has no text layer (a scanned image): its table cannot be read"),
    gettext_noop("the PDF cannot be opened (damaged or not a PDF)"),
    gettext_noop("the PDF cannot be read (damaged)"),
    gettext_noop("the PDF contains no table"),
    gettext_noop("an Excel (.xlsx) or CSV version of the annex"),
    gettext_noop("the file is empty"),
    gettext_noop("a list annex (.xlsx, .csv or .pdf)"),
    gettext_noop("the name is empty"),
    gettext_noop("the unit's name"),
    gettext_noop("the new name is empty"),
    gettext_noop("the unit's new name"),
    gettext_noop("each unit once in a list"),
    gettext_noop("an 18-character code (GB 32100-2015)"),
    gettext_noop("the list has no rows below its header"),
    gettext_noop("one row per unit"),
    gettext_noop("a province or city name (e.g. 苏州市) or a 6-digit code"),
    gettext_noop("the credit code is empty"),
    gettext_noop("the registered name"),
    gettext_noop("each enterprise once"),
    gettext_noop("a city-level code (e.g. 320500) or a city name"),
    gettext_noop("a GB/T 4754-2017 class, e.g. 3011"),
    gettext_noop("an enterprise of your own region"),
    gettext_noop("each enterprise-year once"),
    gettext_noop("a number (empty when not filed)"),
    gettext_noop("a year such as 2021"),
    gettext_noop("a whole number"),
    gettext_noop("a text"),
)
