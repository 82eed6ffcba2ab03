"""Agent pages under /listings/: search, one listing with similar ones, and the CMA report."""

from __future__ import annotations

import json
import os
from functools import cache

import plotly.graph_objects as go
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from plotly.offline import get_plotlyjs

from enterprisehub.accounts.models import User
from enterprisehub.errors import ApplicationError
from properties import selectors, services
from properties.apis import CmaSubjectSerializer, ListingSearchApi, cma_subject_from
from properties.enums import PropertyType
from properties.exceptions import CmaLinkInvalidError


@require_GET
@login_required
def listing_search_page(request: HttpRequest) -> HttpResponse:
    """Search form and one page of results."""
    form = ListingSearchApi.InputSerializer(data=request.GET)
    rows, next_cursor, error = [], None, None
    if form.is_valid():
        data = dict(form.validated_data)
        cursor, limit = data.pop("cursor", None), data.pop("limit")
        query = selectors.ListingQuery(
            statuses=data.pop("status"), text=data.pop("q", None), **data
        )
        try:
            rows, next_cursor = selectors.listing_search(query=query, cursor=cursor, limit=limit)
        except selectors.InvalidCursorError:
            error = "That page link has expired; search again."
    else:
        field, messages = next(iter(form.errors.items()))
        error = f"{field.replace('_', ' ')}: {messages[0]}"
    next_args = None
    if next_cursor:
        args = request.GET.copy()
        args["cursor"] = next_cursor
        next_args = args.urlencode()
    context = {
        "rows": rows,
        "next_args": next_args,
        "error": error,
        "params": request.GET,
        "types": PropertyType.choices,
        "sorts": [
            ("newest", "Newest"),
            ("price", "Price: low to high"),
            ("-price", "Price: high to low"),
            ("price_per_sqft", "$/sq ft: low to high"),
            ("-price_per_sqft", "$/sq ft: high to low"),
        ],
    }
    return render(request, "properties/search.html", context)


@require_GET
@login_required
def listing_detail_page(request: HttpRequest, listing_key: str) -> HttpResponse:
    """One listing's facts and the listings most like it."""
    try:
        listing = selectors.listing_get(listing_key=listing_key)
    except ApplicationError:
        raise Http404("no such listing")
    similar = selectors.listing_similar(listing=listing, k=8)
    return render(request, "properties/detail.html", {"listing": listing, "similar": similar})


def _cma_chart(result: services.CmaResult) -> dict:
    """The Plotly figure of the comps (sold and adjusted) around the suggested price, as JSON
    data that static/properties/charts.js draws: no inline script, so the CSP stays strict."""
    comps = result.comps
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[c.listing.living_area for c in comps],
            y=[float(c.listing.close_price) for c in comps],
            mode="markers",
            name="Sold price",
            text=[c.listing.unparsed_address for c in comps],
            marker={"size": 11, "color": "#94a3b8"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[c.listing.living_area for c in comps],
            y=[float(c.adjusted_price) for c in comps],
            mode="markers",
            name="Adjusted to subject",
            text=[c.listing.unparsed_address for c in comps],
            marker={"size": [8 + 14 * c.weight for c in comps], "color": "#2563eb"},
        )
    )
    low, high = float(result.low), float(result.high)
    suggested = float(result.suggested_price)
    fig.add_trace(
        go.Scatter(
            x=[result.subject.living_area],
            y=[suggested],
            mode="markers",
            name="Suggested price",
            error_y={"type": "data", "array": [high - suggested], "arrayminus": [suggested - low]},
            marker={"size": 16, "symbol": "star", "color": "#dc2626"},
        )
    )
    fig.update_layout(
        template="simple_white",
        height=420,
        margin={"l": 70, "r": 20, "t": 30, "b": 50},
        xaxis_title="Living area (sq ft)",
        yaxis_title="Price (USD)",
        yaxis_tickformat="$,.0f",
        legend={"orientation": "h", "y": -0.2},
    )
    figure = json.loads(fig.to_json())  # plain JSON types (to_json handles numpy and dates)
    figure["config"] = {"displaylogo": False, "responsive": True}
    return figure


CMA_FIELDS = tuple(CmaSubjectSerializer().fields)


def _cma_context(params, *, as_of=None) -> dict:
    """The report's context for CMA subject `params` (a form's data), or an error."""
    context: dict = {"params": params, "types": PropertyType.choices}
    form = CmaSubjectSerializer(data=params)
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        context["error"] = f"{field.replace('_', ' ')}: {messages[0]}"
        return context
    try:
        subject = cma_subject_from(form.validated_data)
        result = services.comparative_market_analysis(subject, as_of=as_of)
    except ApplicationError as exc:
        context["error"] = exc.message
    else:
        context.update(result=result, chart=_cma_chart(result))
    return context


@require_GET
@login_required
def cma_report_page(request: HttpRequest) -> HttpResponse:
    """The CMA form; with a subject, the printable report with its chart and a client link."""
    context: dict = {"params": request.GET, "types": PropertyType.choices}
    if request.GET:
        context = _cma_context(request.GET)
    if "result" in context:
        params = {k: v for k, v in request.GET.items() if k in CMA_FIELDS and v}
        token = services.cma_share_token(
            params=params, as_of=context["result"].as_of, agent_id=request.user.pk
        )
        context["share_url"] = request.build_absolute_uri(
            reverse("listings:cma-shared", args=[token])
        )
        context["share_days"] = services.CMA_SHARE_DAYS
    status = 200 if "error" not in context else 422
    return render(request, "properties/cma.html", context, status=status)


@require_GET
def cma_shared_page(request: HttpRequest, token: str) -> HttpResponse:
    """The report an agent sent to a client: no sign-in, the same figures as on the day it was
    run (comparables sold up to that day), for services.CMA_SHARE_DAYS days."""
    try:
        share = services.cma_share_open(token)
    except CmaLinkInvalidError:
        return render(request, "properties/cma_link_expired.html", status=404)
    params = {k: v for k, v in share.params.items() if k in CMA_FIELDS}
    context = _cma_context(params, as_of=share.as_of)
    if "result" not in context:  # the listing left the MLS feed since
        return render(request, "properties/cma_link_expired.html", status=404)
    agent = User.objects.filter(pk=share.agent_id).first()
    context.update(
        shared=True,
        prepared_by=agent.get_full_name() if agent else "",
        brokerage_name=settings.BROKERAGE_NAME,
    )
    return render(request, "properties/cma.html", context)


@cache
def _plotly_js() -> bytes:
    return get_plotlyjs().encode()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def plotly_js(request: HttpRequest) -> HttpResponse:
    """plotly.js from the installed plotly package (no CDN: pages work offline)."""
    return HttpResponse(_plotly_js(), content_type="text/javascript")


def bench_bare(request: HttpRequest) -> JsonResponse:
    """A bare Django JSON view, the yardstick for bench/property_search.py (bench only)."""
    if os.environ.get("ENTERPRISEHUB_BENCH") != "1":
        raise Http404
    return JsonResponse({"ok": True})
