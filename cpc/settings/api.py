"""The REST API: authentication, pagination, parsing, throttling and the OpenAPI schema."""

from .env import env_rate

# The API (DRF throttling, in the default cache): per signed-in user, and per IP for anonymous calls.
API_USER_RATE = env_rate("API_USER_RATE", "1000/hour")
API_ANON_RATE = env_rate("API_ANON_RATE", "100/hour")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_auth.VerifiedSessionAuthentication",
        "accounts.api_auth.VerifiedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON bodies are depth-checked (authorities.api_inputs): a deeply nested body is a 400.
    "DEFAULT_PARSER_CLASSES": [
        "authorities.api_inputs.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "authorities.api_base.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["cpc.throttling.AnonRateThrottle", "cpc.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE, "user": API_USER_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Child protection conferences API",
    "DESCRIPTION": "Per-authority API. Every path starts /api/v1/<authority-slug>/; "
    "you see only authorities where you hold a membership.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every route and field of a child's record: signed-in people only (session
    # or token), like the API itself.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Token first: a caller without credentials gets 401 with `WWW-Authenticate: Token`.
    "SERVE_AUTHENTICATION": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Requests get components of their own, so a file field is declared binary (multipart) in the
    # upload's request, not as the URI a response would carry.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cpc.api_schema.declare_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind": name each choice set after its model so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "ConferenceKindEnum": "conferences.models.ConferenceKind",
        "InviteeKindEnum": "conferences.models.InviteeKind",
        "CoreGroupAttendanceStatusEnum": "coregroups.models.AttendanceStatus",
        "ProtectionPlanItemKindEnum": "cases.models.PlanItemKind",
        "InNeedReviewOutcomeEnum": "cases.plans.models.InNeedReviewOutcome",
    },
}
