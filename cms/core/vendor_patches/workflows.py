"""Wagtail workflow internals the project leans on (checked against Wagtail 8.0.1)."""

from .record import NONE_FOUND, VendorPatch

PATCHES = (
    VendorPatch(
        name="workflow-state-submission-save",
        vendor="wagtail",
        relies_on="wagtail.models.WorkflowState.start (via Workflow.start) and "
        "WorkflowState.resume saving the state with status in_progress and no "
        "current_task_state just before the first task starts; no other save does that",
        lives_in="cms/workflows/companions.py: attach_on_submission (post_save of WorkflowState, "
        "connected in cms/workflows/apps.py)",
        works_around="Not a bug: Wagtail's workflow_submitted signal is sent on start only, not "
        "when a page is resubmitted after 'Request changes'. The companions of a page (an "
        "episode's draft transcript) must be pinned at every submission, whatever submits it.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail sends a signal on resume too (then connect to workflow_submitted "
        "and that signal), or stops saving the state before its first task (the vendor test "
        "fails).",
    ),
)
