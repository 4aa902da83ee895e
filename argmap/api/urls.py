"""The API's URLs, its OpenAPI schema and the Swagger UI (served locally by drf-spectacular-sidecar)."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from argmap.api import classes, curation, graph, imports, maps, moderation, notifications, privacy, ratings

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's page carries one small <style> block of its own; its scripts stay same-origin files.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("maps/", maps.MapListApi.as_view(), name="maps"),
    path("imports/", imports.ImportCreateApi.as_view(), name="imports"),
    path("imports/<id:draft_id>/", imports.ImportDetailApi.as_view(), name="import"),
    path("imports/<id:draft_id>/confirm/", imports.ImportConfirmApi.as_view(), name="import_confirm"),
    path("maps/<slug:slug>/", maps.MapDetailApi.as_view(), name="map"),
    path("maps/<slug:slug>/nodes/", maps.NodeCreateApi.as_view(), name="nodes"),
    path("maps/<slug:slug>/download/<str:file_format>/", maps.MapDownloadApi.as_view(), name="download"),
    path("maps/<slug:slug>/graph.svg", graph.MapGraphSvgApi.as_view(), name="graph_svg"),
    path("maps/<slug:slug>/nodes/<id:node_id>/", maps.NodeDetailApi.as_view(), name="node"),
    path("maps/<slug:slug>/nodes/<id:node_id>/vote/", maps.VoteApi.as_view(), name="vote"),
    path("maps/<slug:slug>/nodes/<id:node_id>/rating/", ratings.RatingApi.as_view(), name="rating"),
    path("maps/<slug:slug>/ratings/", ratings.RatingsApi.as_view(), name="ratings"),
    path("maps/<slug:slug>/links/", maps.LinkCreateApi.as_view(), name="links"),
    path("maps/<slug:slug>/results/", maps.ResultsApi.as_view(), name="results"),
    path("maps/<slug:slug>/moderation/", moderation.QueueApi.as_view(), name="queue"),
    path("maps/<slug:slug>/moderation/approve/", moderation.ApproveManyApi.as_view(), name="approve_many"),
    path("maps/<slug:slug>/nodes/<id:node_id>/moderation/", moderation.NodeModerationApi.as_view(), name="moderate"),
    path("maps/<slug:slug>/nodes/<id:node_id>/flags/", moderation.FlagCreateApi.as_view(), name="flags"),
    path("maps/<slug:slug>/flags/<id:flag_id>/dismiss/", moderation.FlagDismissApi.as_view(), name="flag_dismiss"),
    path("maps/<slug:slug>/nodes/<id:node_id>/merge/", moderation.MergeApi.as_view(), name="merge"),
    path("maps/<slug:slug>/nodes/<id:node_id>/move/", moderation.MoveApi.as_view(), name="move"),
    path("maps/<slug:slug>/settings/", moderation.MapSettingsApi.as_view(), name="settings"),
    path("maps/<slug:slug>/audit/", moderation.AuditApi.as_view(), name="audit"),
    path("maps/<slug:slug>/participation/", moderation.ParticipationApi.as_view(), name="participation"),
    path("curation/", curation.ReviewListApi.as_view(), name="curation"),
    path("curation/nodes/<id:node_id>/verdict/", curation.VerdictApi.as_view(), name="verdict"),
    path("curation/nodes/<id:node_id>/source/", curation.NodeSourceApi.as_view(), name="node_source"),
    path("sources/", curation.SourceListApi.as_view(), name="sources"),
    path("sources/<id:source_id>/", curation.SourceDetailApi.as_view(), name="source"),
    path("classes/", classes.ClassroomListApi.as_view(), name="classes"),
    path("classes/<id:classroom_id>/", classes.ClassroomDetailApi.as_view(), name="class"),
    path("classes/<id:classroom_id>/join-code/", classes.JoinCodeApi.as_view(), name="join_code"),
    path("classes/<id:classroom_id>/joining/", classes.JoiningApi.as_view(), name="joining"),
    path("classes/<id:classroom_id>/students/", classes.StudentsCreateApi.as_view(), name="students"),
    path("classes/<id:classroom_id>/debates/", classes.DebateStartApi.as_view(), name="debates"),
    path(
        "classes/<id:classroom_id>/students/<id:user_id>/password/",
        classes.PasswordResetApi.as_view(),
        name="password_reset",
    ),
    path(
        "classes/<id:classroom_id>/students/<id:user_id>/unlock/",
        classes.StudentUnlockApi.as_view(),
        name="student_unlock",
    ),
    path("join/", classes.JoinApi.as_view(), name="join"),
    path("classes/<id:classroom_id>/archive/", privacy.ClassArchiveApi.as_view(), name="class_archive"),
    path("classes/<id:classroom_id>/restore/", privacy.ClassRestoreApi.as_view(), name="class_restore"),
    path("me/data/", privacy.MyDataApi.as_view(), name="my_data"),
    path("me/notifications/", notifications.NotificationListApi.as_view(), name="notifications"),
    path("me/notifications/read/", notifications.NotificationsReadApi.as_view(), name="notifications_read"),
    path("me/notifications/<slug:key>/read/", notifications.NotificationReadApi.as_view(), name="notification_read"),
]
