"""What happens when a page passes its last review step.

Named by the WAGTAIL_FINISH_WORKFLOW_ACTION setting, which Wagtail imports while its own
models load: so this module imports no models at the top.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    """Publish what every step approved (or schedule it, if it has a go-live date).

    Approval is the authority to publish, so the last reviewer needs no publish permission
    of their own (nobody but administrators holds one). The publish is logged under the
    reviewer's name.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
