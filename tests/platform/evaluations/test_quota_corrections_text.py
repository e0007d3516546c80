"""The quota corrections (限额修正) beside EL1 read in the reader's language on the
evaluation result page, from the correction's message template."""

from __future__ import annotations

from django.utils import translation

from greenmfg.platform.evaluations.templatetags.evaluation_tags import corrections_text

# GB 21256-2025: hot metal at 60 % feed grade, 2 points under 62 % → + 3.61 × 2 = 7.22
FEED_GRADE = {
    "corrections": ["feed grade 60 %: +7.22"],
    "correction_messages": [
        {
            "template": "feed grade %(grade)s %%: +%(amount)s",
            "params": {"grade": "60", "amount": "7.22"},
        }
    ],
}


def test_corrections_read_in_chinese_and_english() -> None:
    with translation.override("zh-hans"):
        assert corrections_text(FEED_GRADE) == "入炉品位 60 %：+7.22"
    with translation.override("en"):
        assert corrections_text(FEED_GRADE) == "feed grade 60 %: +7.22"


def test_a_result_stored_before_the_templates_keeps_its_text() -> None:
    with translation.override("zh-hans"):
        assert corrections_text({"corrections": ["feed grade 60 %: +7.22"]}) == (
            "feed grade 60 %: +7.22"
        )
    assert corrections_text({}) == ""
