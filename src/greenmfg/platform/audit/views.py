"""The public checkpoint page (审计检查点公示): every signed checkpoint of the audit
chains, for anyone to download and keep, so that a later verification does not rest on
the platform's database alone."""

from __future__ import annotations

from datetime import UTC

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from greenmfg.core import integrity
from greenmfg.platform.audit import selectors
from greenmfg.platform.audit.services import checkpoint_public

PER_PAGE = 50
INDEX_LIMIT = 1000


@require_GET
def checkpoint_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.checkpoint_rows(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/checkpoints.html",
        {"page": page, "checkpoints": selectors.published(list(page.object_list))},
    )


@require_GET
def checkpoint_index(request: HttpRequest) -> JsonResponse:
    """The same list for machines: newest first, each with its file's address."""
    rows = selectors.published(list(selectors.checkpoint_rows()[:INDEX_LIMIT]))
    return JsonResponse(
        {
            "format": "greenmfg-audit-checkpoint-index/1",
            "checkpoints": [
                {
                    "made_at": integrity.utc_iso(cp.made_at),
                    "key_id": cp.key_id,
                    "chains": cp.chains,
                    "records": cp.records,
                    "digest": cp.digest,
                    "signature": cp.signature,
                    "url": request.build_absolute_uri(
                        reverse("audit:checkpoint_download", args=[cp.pk])
                    ),
                }
                for cp in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def checkpoint_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One checkpoint's public file (format greenmfg-audit-checkpoint-public/1)."""
    public = checkpoint_public(selectors.checkpoint_get(pk))
    response = HttpResponse(public.to_json() + "\n", content_type="application/json")
    stamp = public.made_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = (
        f'attachment; filename="greenmfg-audit-checkpoint-{stamp}.json"'
    )
    return response
