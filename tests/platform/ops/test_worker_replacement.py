"""gunicorn replaces its web workers after a number of requests, each worker after its own
random share more, so that workers serving the same load are not all replaced at once."""

from __future__ import annotations

from django.test import override_settings

from greenmfg.cli.ops import max_requests_options


def test_default_spreads_replacement_over_half_as_many_requests_again() -> None:
    # 50,000 requests plus up to 25,000 more: at an even spread of load, five workers
    # reach their limits anywhere between 50,000 and 75,000 requests each, not together
    assert max_requests_options() == ["--max-requests", "50000", "--max-requests-jitter", "25000"]


@override_settings(WEB_MAX_REQUESTS=0)
def test_zero_never_replaces_a_worker() -> None:
    assert max_requests_options() == []
