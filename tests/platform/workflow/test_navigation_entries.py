from __future__ import annotations

from django.urls import reverse

from greenmfg.platform.workflow.navigation import NAV_ITEMS


def test_every_workflow_page_meant_for_the_menu_is_in_it() -> None:
    names = {item.url_name for item in NAV_ITEMS}
    assert names == {
        "workflow:publicity",
        "workflow:annual_list",
        "workflow:my_applications",
        "workflow:queue",
        "workflow:diagnostics",
        "workflow:objections",
        "workflow:expert_home",
        "workflow:plans",
        "workflow:rounds",
        "workflow:institutions",
        "workflow:institution_report",
        "workflow:api_tokens",
        "workflow:inbox",
    }
    for name in names:
        assert reverse(name)
