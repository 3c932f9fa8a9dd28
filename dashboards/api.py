"""API routes of the dashboards app: the managers' dashboard as JSON, the same figures as the page
(`GET /api/v1/<slug>/dashboard/`, with the page's filters as query parameters)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from authorities.api_base import AuthorityAPIMixin

from .figures import build_dashboard
from .filters import DASHBOARD_ROLES, WHOLE_AUTHORITY, DashboardFilterForm, filter_people
from .tables import as_json

_counts = inline_serializer(
    "DashboardDeadlineCounts",
    {
        "overdue": serializers.IntegerField(),
        "due_today": serializers.IntegerField(),
        "due_soon": serializers.IntegerField(),
    },
)
_month = inline_serializer(
    "DashboardMonthFigure",
    {
        "on_time": serializers.IntegerField(),
        "late": serializers.IntegerField(),
        "percent": serializers.FloatField(
            allow_null=True, help_text="On time, of those met; null when none."
        ),
    },
)
DASHBOARD_RESPONSE = inline_serializer(
    "Dashboard",
    {
        "authority": serializers.CharField(),
        "as_of": serializers.DateField(),
        "filters": serializers.DictField(),
        "due_soon_until": serializers.DateField(),
        "deadlines": serializers.DictField(child=_counts, help_text="Rule id → open deadlines as of today."),
        "escalations": serializers.DictField(
            child=serializers.IntegerField(), help_text="Ladder level → escalations open or acknowledged."
        ),
        "escalation_levels": serializers.ListField(child=serializers.DictField()),
        "timeliness": serializers.DictField(
            child=serializers.DictField(child=_month),
            help_text="Rule id → YYYY-MM (the month the deadline was met) → met on time and late.",
        ),
        "plans": serializers.DictField(
            help_text="Children on plans by category; plans open for each LONG-PLAN age (months); second "
            "or later plans; plans ended at a review without a step-down child in need plan; the longest "
            "open plans that reached a LONG-PLAN age (at most 20, longest first; none when the rule is off)."
        ),
        "attendance": serializers.ListField(
            child=serializers.DictField(),
            help_text="Per agency: invited, did not attend, no report, neither (NON-ATTEND-LETTER), "
            "core group meetings missed (absent or sent apologies), both within the pattern window, pattern.",
        ),
    },
)
FILTER_PARAMETERS = [
    OpenApiParameter(
        "team",
        OpenApiTypes.STR,
        description=f"A team manager's membership id, or {WHOLE_AUTHORITY!r}. A team manager sees their own "
        "team by default.",
    ),
    OpenApiParameter("social_worker", OpenApiTypes.INT, description="A social worker's membership id."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day of the date range (YYYY-MM-DD)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day of the date range (YYYY-MM-DD)."),
]


class DashboardViewSet(AuthorityAPIMixin, viewsets.ViewSet):
    """Team managers, service managers, heads of service and authority administrators: 403 for
    other roles; 404 outside the authority."""

    allowed_roles = DASHBOARD_ROLES

    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: DASHBOARD_RESPONSE})
    def list(self, request, authority_slug=None):
        form = DashboardFilterForm(
            request.query_params, membership=request.membership, people=filter_people(request.authority)
        )
        if not form.is_valid():
            return Response(
                {"detail": "; ".join(m for _, m in form.error_list()), "errors": form.errors}, status=400
            )
        return Response(as_json(build_dashboard(request.membership, form.filters())))


def register(router) -> None:
    router.register("dashboard", DashboardViewSet, basename="dashboard")
