"""Case pages: parse, authorise, call a service, render.

Pages with an id look the object up first (404 for another authority's or an invisible one),
then check the role (403 for a member who may see it but not change it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import CASE_WRITERS, MANAGERS, get_scoped_or_404, require_roles, tenant_object
from authorities.models import Membership, Role
from authorities.rules.checks import RuleViolation

from . import selectors, services
from .case_page_html import (
    case_urls,
    child_rows_html,
    conference_rows_html,
    deadline_rows_html,
    discussion_rows_html,
    people_rows_html,
    plan_rows_html,
    url_of,
)
from .case_rows_html import case_rows_html
from .case_search_html import search_fields_html
from .forms import (
    CaseSearchForm,
    ChildForm,
    FamilyForm,
    PersonForm,
    StrategyDiscussionForm,
    apply_service_error,
)
from .models import Child, Family, Person, Relationship, StrategyDiscussion
from .plans.services import CIN_ENDERS

SERVICE_ERRORS = (ValidationError, RuleViolation)


def require_writer(request: HttpRequest) -> None:
    if request.membership.role not in CASE_WRITERS:
        raise PermissionDenied("Only a social worker, team manager or chair can change cases.")


def can_write(membership: Membership) -> bool:
    return membership.role in CASE_WRITERS


def case_url(request: HttpRequest, family_id: int) -> str:
    return reverse("cases:case-detail", kwargs={"authority_slug": request.authority.slug, "pk": family_id})


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@require_http_methods(["GET"])
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET or None)
    search, status, whose = "", "", ""
    if form.is_bound and form.is_valid():
        search, status, whose = (
            form.cleaned_data["q"],
            form.cleaned_data["status"],
            form.cleaned_data["whose"],
        )
    page = selectors.case_rows(
        request.membership, search=search, status=status, whose=whose, page=request.GET.get("page", 1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"
    # Each row links to its case: the URL worked out once, not by `{% url %}` per row.
    case_url_prefix = case_url(request, 0).removesuffix("0/")
    return _render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "search": search,
            "filtered": bool(search or status or whose),
            "query": query.urlencode(),
            "can_write": can_write(request.membership),
            "rows_html": case_rows_html(page.object_list, case_url_prefix),
            # The full page's search boxes (an htmx request swaps only the rows).
            "search_fields": None if request.htmx else search_fields_html(form),
        },
    )


@require_http_methods(["GET", "POST"])
@require_roles(CASE_WRITERS)
def family_create(request: HttpRequest) -> HttpResponse:
    form = FamilyForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        try:
            family = services.create_family(by=request.membership, **form.service_kwargs())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{family.name} created. Add the children and parents or carers.")
            return redirect(case_url(request, family.pk))
    return _render(request, "cases/family_form.html", {"form": form, "family": None})


@tenant_object(Family)
@audited(AccessAction.CASE_VIEW, subject=Subject(case="pk"))
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.case_family(request.membership, pk)
    if family is None:
        raise Http404("No case here has this id.")
    page = selectors.case_page(request.membership, family)
    role, slug = request.membership.role, request.authority.slug
    writer = can_write(request.membership)
    # Each conference row links to its page: the URL worked out once, not by `{% url %}` per row.
    conference_url_prefix = url_of("conferences:conference-detail", slug)(0).removesuffix("0/")
    return _render(
        request,
        "cases/case_detail.html",
        {
            "page": page,
            "family": family,
            "can_write": writer,
            "plans": page.plans,
            "plan_rows": plan_rows_html(
                page.plans,
                slug,
                can_end_plans=role in MANAGERS,
                can_end_in_need_plans=role in CIN_ENDERS,
                is_head_of_service=role == Role.HEAD_OF_SERVICE,
            ),
            "child_rows": child_rows_html(page.children, slug, can_write=writer),
            "people_rows": people_rows_html(page.people, slug, can_write=writer),
            "discussion_rows": discussion_rows_html(page.discussions, slug, can_write=writer),
            "conference_rows": conference_rows_html(page.conferences, conference_url_prefix),
            "deadline_rows": deadline_rows_html(page.deadlines),
            "urls": case_urls(slug, family.pk),
        },
    )


@tenant_object(Family)
@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_scoped_or_404(request, Family, pk)
    require_writer(request)
    form = FamilyForm(
        request.POST or None, authority=request.authority, initial=FamilyForm.initial_for(family)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_family(by=request.membership, family_id=family.pk, **form.service_kwargs())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Case details saved.")
            return redirect(case_url(request, family.pk))
    return _render(request, "cases/family_form.html", {"form": form, "family": family})


@tenant_object(Family)
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_scoped_or_404(request, Family, pk)
    require_writer(request)
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.add_child(by=request.membership, family_id=family.pk, details=form.details())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{child.full_name} added.")
            return redirect(case_url(request, family.pk))
    return _render(request, "cases/child_form.html", {"form": form, "family": family, "child": None})


@tenant_object(Child)
@audited(AccessAction.CHILD_VIEW, subject=Subject(case="family_id", child="pk"))
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_scoped_or_404(
        request, Child, pk, queryset=Child.objects.for_authority(request.authority).select_related("family")
    )
    require_writer(request)
    form = ChildForm(request.POST or None, initial=ChildForm.initial_for(child))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_child(by=request.membership, child_id=child.pk, details=form.details())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{child.full_name}'s details saved.")
            return redirect(case_url(request, child.family_id))
    return _render(request, "cases/child_form.html", {"form": form, "family": child.family, "child": child})


def _children_of(request: HttpRequest, family: Family) -> list[Child]:
    return list(Child.objects.for_authority(request.authority).filter(family=family).order_by("pk"))


@tenant_object(Family)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_scoped_or_404(request, Family, pk)
    require_writer(request)
    form = PersonForm(request.POST or None, children=_children_of(request, family))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_person(
                by=request.membership,
                family_id=family.pk,
                details=form.details(),
                relationships=form.relationships(),
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{person} added.")
            return redirect(case_url(request, family.pk))
    return _render(request, "cases/person_form.html", {"form": form, "family": family, "person": None})


@tenant_object(Person)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relationships = Relationship.objects.for_authority(request.authority)
    person = get_scoped_or_404(
        request,
        Person,
        pk,
        queryset=Person.objects.for_authority(request.authority)
        .select_related("family")
        .prefetch_related(Prefetch("relationships", queryset=relationships)),
    )
    require_writer(request)
    form = PersonForm(
        request.POST or None,
        children=_children_of(request, person.family),
        initial=PersonForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                by=request.membership,
                person_id=person.pk,
                details=form.details(),
                relationships=form.relationships(),
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{person}'s details saved.")
            return redirect(case_url(request, person.family_id))
    return _render(
        request, "cases/person_form.html", {"form": form, "family": person.family, "person": person}
    )


@tenant_object(Family)
@require_http_methods(["GET", "POST"])
def strategy_discussion_create(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_scoped_or_404(request, Family, pk)
    require_writer(request)
    form = StrategyDiscussionForm(request.POST or None, family=family)
    if request.method == "GET":
        form.initial["children"] = [c.pk for c in _children_of(request, family)]
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.record_strategy_discussion(
                by=request.membership, family_id=family.pk, **form.service_kwargs()
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            if discussion.section47_started:
                messages.success(
                    request, "Strategy discussion recorded. The initial conference due date is shown below."
                )
            else:
                messages.success(request, "Strategy discussion recorded.")
            return redirect(case_url(request, family.pk))
    return _render(
        request, "cases/strategy_discussion_form.html", {"form": form, "family": family, "discussion": None}
    )


@tenant_object(StrategyDiscussion)
@require_http_methods(["GET", "POST"])
def strategy_discussion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    discussion = get_scoped_or_404(
        request,
        StrategyDiscussion,
        pk,
        queryset=StrategyDiscussion.objects.for_authority(request.authority).select_related("family"),
    )
    require_writer(request)
    initial = {
        "held_on": discussion.held_on,
        "children": list(discussion.children.values_list("pk", flat=True)),
        "attendees": discussion.attendees,
        "outcome": discussion.outcome,
        "section47_started": discussion.section47_started,
        "icpc_not_required": discussion.icpc_not_required,
    }
    form = StrategyDiscussionForm(request.POST or None, family=discussion.family, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_strategy_discussion(
                by=request.membership, discussion_id=discussion.pk, **form.service_kwargs()
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Strategy discussion saved.")
            return redirect(case_url(request, discussion.family_id))
    return _render(
        request,
        "cases/strategy_discussion_form.html",
        {"form": form, "family": discussion.family, "discussion": discussion},
    )
