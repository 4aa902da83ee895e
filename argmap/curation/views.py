"""The curation page in the site, for admins: evidence that needs review, with one-step verdicts and sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from argmap.curation import selectors, services
from argmap.curation.forms import AttachSourceForm, VerdictForm
from argmap.maps.models import Node, Source


def _back(request: HttpRequest) -> HttpResponse:
    current = request.POST.get("filter", "all")
    url = reverse("curation:list")
    return redirect(f"{url}?{urlencode({'filter': current})}" if current in selectors.FILTERS else url)


@login_required
@require_GET
def curation_list(request: HttpRequest) -> HttpResponse:
    services.require_curator(request.user)
    current = request.GET.get("filter", "all")
    if current not in selectors.FILTERS:
        current = "all"
    nodes = list(selectors.needs_review(filter=current))
    context = {
        "nodes": nodes,
        "filters": [(key, label) for key, (label, _) in selectors.FILTERS.items()],
        "current": current,
        "sources": list(Source.objects.order_by("title")),
    }
    return render(request, "curation/curation_list.html", context)


@login_required
@require_POST
def node_verdict(request: HttpRequest, node_id: int) -> HttpResponse:
    services.require_curator(request.user)
    node = get_object_or_404(Node.objects.select_related("map"), pk=node_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return _back(request)
    try:
        services.node_curate(
            node=node, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Marked {node.get_curation_status_display().lower()}: “{node.text[:80]}”.")
    return _back(request)


@login_required
@require_POST
def node_source(request: HttpRequest, node_id: int) -> HttpResponse:
    services.require_curator(request.user)
    node = get_object_or_404(Node.objects.select_related("map"), pk=node_id)
    form = AttachSourceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a source from the library.")
        return _back(request)
    try:
        services.node_attach_source(node=node, by=request.user, source=form.cleaned_data["source"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Source saved for “{node.text[:80]}”.")
    return _back(request)
