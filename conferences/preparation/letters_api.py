"""API for the family's letters after a conference moves (FAMILY-INVITE): who needs a new letter,
producing one (recorded as sent), and the record of letters sent. The same service as the
conference page, and the same readers: the authority's social workers, team managers and chairs
(practitioners never see the family's letters)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.audit import AuditedReadsMixin, Subject
from accounts.models import AccessAction
from authorities.access import CASE_WRITERS
from authorities.api_base import AuthorityViewSet
from authorities.api_pdf import PDFRenderer
from cases.api import ServiceViewSetMixin
from conferences.models import Conference, FamilyLetter, Invitation

from . import letters


class FamilyLetterSerializer(serializers.ModelSerializer):
    invitee_name = serializers.CharField(source="invitation.name", read_only=True)
    produced_by_name = serializers.CharField(source="produced_by.user.display_name", read_only=True)

    class Meta:
        model = FamilyLetter
        fields = [
            "id",
            "conference",
            "invitation",
            "invitee_name",
            "kind",
            "sequence",
            "starts_at",
            "produced_at",
            "produced_by",
            "produced_by_name",
        ]
        read_only_fields = fields


class ProduceLetterIn(serializers.Serializer):
    invitation = serializers.IntegerField(help_text="The family member's or child's invitation.")


class LetterNeededSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "conference", "kind", "name", "person", "child", "invited_by", "invited_at"]
        read_only_fields = fields


class FamilyLetterFilter(filters.FilterSet):
    conference = filters.NumberFilter(field_name="conference_id")
    invitation = filters.NumberFilter(field_name="invitation_id")

    class Meta:
        model = FamilyLetter
        fields = ["conference", "invitation"]


class FamilyLetterViewSet(
    AuditedReadsMixin, ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, AuthorityViewSet
):
    """Letters produced for family members and children after their conference moved."""

    audited_actions = {"pdf": AccessAction.LETTER_DOWNLOAD}  # as the page's download
    audit_subject = Subject(case="conference__family_id")
    model = FamilyLetter
    serializer_class = FamilyLetterSerializer
    filterset_class = FamilyLetterFilter

    def narrow_queryset(self, queryset):
        membership = self.request.membership
        if membership.role not in CASE_WRITERS:
            return queryset.none()  # the conference page shows letters to case writers only
        visible = Conference.objects.for_authority(membership.authority).visible_to(membership)
        return (
            queryset.filter(conference__in=visible.values("pk"))
            .select_related("invitation", "produced_by__user")
            .order_by("-produced_at", "-pk")
        )

    def get_serializer_class(self):
        return ProduceLetterIn if self.action == "create" else FamilyLetterSerializer

    def _invitation(self, pk: int) -> Invitation:
        """The invitation named in the body, on a conference this member can see: else a 400."""
        membership = self.request.membership
        visible = Conference.objects.for_authority(membership.authority).visible_to(membership)
        invitation = (
            Invitation.objects.for_authority(membership.authority)
            .filter(pk=pk, conference__in=visible.values("pk"))
            .first()
        )
        if invitation is None:
            raise DjangoValidationError({"invitation": f"No invitation with id {pk} here."})
        return invitation

    @extend_schema(request=ProduceLetterIn, responses={201: FamilyLetterSerializer})
    def create(self, request, *args, **kwargs):
        """Produce a new letter for a family member or child, with the conference's date as it is
        now, and record it as sent today (by whom, which date it gave)."""
        self.require_writer()
        invitation = self._invitation(self.valid_data()["invitation"])
        letter = letters.produce_new_letter(by=request.membership, invitation_id=invitation.pk)
        fresh = self.get_queryset().get(pk=letter.pk)
        return Response(FamilyLetterSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("conference", int, required=True, description="The conference that moved.")
        ],
        responses=LetterNeededSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def needed(self, request, *args, **kwargs):
        """The invitees told by letter before the conference last moved, with no letter giving the
        new date yet (e-mail invitees are sent the new date without asking)."""
        raw = request.query_params.get("conference", "")
        membership = request.membership
        visible = Conference.objects.for_authority(membership.authority).visible_to(membership)
        conference = (
            visible.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() and len(raw) < 12 else None
        )
        if conference is None:
            raise DjangoValidationError({"conference": f"No conference with id {raw or '(none)'} here."})
        self.require_writer()  # after the lookup: an unseen conference is the same 400 for everyone
        return Response(LetterNeededSerializer(letters.letters_needed(conference), many=True).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request, *args, **kwargs):
        """The letter to print and post: the invitation letter as the conference is now, the PDF
        the conference page offers. A letter that gave an earlier date is a 404, as the page offers
        no download for it: produce a new letter instead."""
        letter = self.get_object()
        invitation = letter.invitation
        if letter.sequence != letter.conference.ics_sequence:
            raise NotFound("The conference moved after this letter: produce a new letter to print.")
        response = HttpResponse(
            letters.render_invitation_letter_pdf(invitation), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(invitation)}"'
        return response


def register(router) -> None:
    router.register("family-letters", FamilyLetterViewSet, basename="family-letter")
