from rest_framework import serializers

from .models import Agency, ClosureDay, RuleSet, RuleSetting, Venue


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "type", "email", "is_active"]


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "address", "accessibility_notes", "is_active"]


class ClosureDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = ClosureDay
        fields = ["id", "date", "description"]


class RuleSettingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleSetting
        fields = [
            "rule_id",
            "mode",
            "values",
            "source_kind",
            "source_document",
            "source_quote",
            "source_note",
        ]


class RuleSetSerializer(serializers.ModelSerializer):
    settings = RuleSettingSerializer(many=True, read_only=True)

    class Meta:
        model = RuleSet
        fields = [
            "id",
            "effective_from",
            "wt_edition",
            "chair_title",
            "framework_name",
            "agenda",
            "report_headings",
            "due_soon_working_days",
            "settings",
        ]


class DueDateQuerySerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    event = serializers.DateField()


class DueDateSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    event = serializers.DateField()
    due = serializers.DateField()
    rule_set_effective_from = serializers.DateField()
    mode = serializers.CharField()
